/*
 * dlopen_cost: the time dlopen(RTLD_NOW) takes for the last library named, after the others
 * are loaded, as libpam loads a module into a process that already holds its own libraries
 * (sshd's, say). Prints the microseconds.
 *
 *   dlopen_cost [ALREADY_LOADED...] LIBRARY
 */
#include <dlfcn.h>
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: dlopen_cost [ALREADY_LOADED...] LIBRARY\n");
    return 2;
  }
  for (int i = 1; i < argc - 1; ++i) {
    if (dlopen(argv[i], RTLD_NOW | RTLD_GLOBAL) == NULL) fprintf(stderr, "%s\n", dlerror());
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  void *module = dlopen(argv[argc - 1], RTLD_NOW | RTLD_LOCAL);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (module == NULL) {
    fprintf(stderr, "%s\n", dlerror());
    return 1;
  }
  printf("%ld\n", (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000);
  return 0;
}
