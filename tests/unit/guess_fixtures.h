// A password as the guess matchers read it, from UTF-8 test text.
#pragma once

#include <string_view>

#include "policy/guess/text.h"
#include "policy/utf8.h"

class GuessText {
 public:
  explicit GuessText(std::string_view utf8)
      : original_(pam_idaas::policy::utf8::decode(utf8).text),
        folded_(pam_idaas::policy::guess::fold_simple(original_)) {}

  pam_idaas::policy::guess::Text text() const { return {original_, folded_}; }
  operator pam_idaas::policy::guess::Text() const { return text(); }

 private:
  pam_idaas::Secret32 original_;
  pam_idaas::Secret32 folded_;
};
