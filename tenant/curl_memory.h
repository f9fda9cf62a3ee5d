// libcurl's heap memory, wiped before it goes back to the C library. libcurl
// copies what it sends into its own buffers and frees them unwiped: the
// request headers and body (the Authorization token, the passwords of a
// change) in its upload buffer, the answers (the access token) in its
// receive buffer. Internal to the tenant library.
#pragma once

#include <curl/curl.h>

namespace pam_idaas::tenant::http {

// curl_global_init_mem with allocation functions whose free and realloc wipe
// the old block first. libcurl keeps the memory functions of the FIRST
// initialisation in the process: when the host program (or another module)
// initialised libcurl before this module, this call only counts up and
// libcurl's buffers are freed unwiped as before. Our own buffers (Secret) are
// wiped either way.
CURLcode global_init_wiping(long flags);

}  // namespace pam_idaas::tenant::http
