/*
 * no_wipe.so: preloaded into the driver of tests/secrets/run.sh's token control only. It makes
 * explicit_bzero (and its fortified form) do nothing, so the login answer's buffers and every
 * block libcurl frees through pam_idaas's wiping allocator keep their bytes: the core dump must
 * then show the session and id tokens. That proves the tokens reach the process in clear and
 * that the search would see them; in the real runs their absence is the wiping's doing.
 */
#include <stddef.h>

void explicit_bzero(void *block, size_t size);
void __explicit_bzero_chk(void *block, size_t size, size_t block_size);

void explicit_bzero(void *block, size_t size) {
  (void)block;
  (void)size;
}

void __explicit_bzero_chk(void *block, size_t size, size_t block_size) {
  (void)block;
  (void)size;
  (void)block_size;
}
