// A password as the guess matchers read it, from UTF-8 test text.
#pragma once

#include <string_view>

#include "base/utf8.h"
#include "policy/guess/text.h"

class GuessText {
 public:
  explicit GuessText(std::string_view password)
      : original_(pam_idaas::utf8::decode(password).text),
        folded_(pam_idaas::policy::guess::fold_simple(original_)) {}

  pam_idaas::policy::guess::Text text() const { return {original_, folded_}; }
  operator pam_idaas::policy::guess::Text() const { return text(); }

 private:
  pam_idaas::Secret32 original_;
  pam_idaas::Secret32 folded_;
};
