"""The fake's server-side password policy (README.md, "Policy") and its two error-code families.

policy_violation() names the first rule a password breaks; VERIFY_CODES (self-service
change-password-verify, PWD.*) and ADMIN_CODES (administrator change-password,
IDAAS.TENANT.*) turn a rule into the (code, message) the vendor's tenant answers with.
"""

import re
import unicodedata

MIN_LENGTH = 8
MAX_LENGTH = 32
MIN_CLASSES = 3
MAX_REPEATS = 3            # consecutive identical code points
HISTORY_SIZE = 5           # the current password and the 4 before it
PERSONAL_MIN_LENGTH = 3    # username, email prefix, mobile digits
NAME_WORD_MIN_LENGTH = 4   # words of a name written in Latin letters
WEAK_PASSWORDS = ("password", "12345678", "qwerty123", "Password1", "P@ssw0rd",
                  "admin123", "Welcome1!")
_WEAK = frozenset(w.casefold() for w in WEAK_PASSWORDS)
CLASS_NAMES = (("lower", "lowercase letters"), ("upper", "uppercase letters"),
               ("digit", "digits"), ("special", "special characters"))

# Rule -> (code, message) for each family, messages as the vendor seeds word them;
# "{0}", "{1}" are filled with the rule's arguments.
VERIFY_CODES = {
    "user_not_found": ("USER.0001", "User does not exist"),
    "empty": ("PWD.0001", "Password cannot be empty"),
    "length": ("PWD.0002", "Password length is {0}~{1} characters"),
    "equals_username": ("PWD.0003", "Password cannot match username"),
    "reversed_username": ("PWD.0004", "Password does not allow reverse writing of username"),
    "complexity": ("PWD.0005", "The password does not meet the verification rules, {0}"),
    "weak": ("PWD.0006", "The password is weak"),
    "history": ("PWD.0007", "History passwords are not allowed"),
    "repeats": ("PWD.0008", "Maximum number of characters to repeat in password cannot exceed {0}"),
    "personal_data": ("PWD.0009", "Passwords are not allowed to include: username, mobile phone "
                                  "number, email prefix, name pinyin"),
    "old_password_empty": ("PWD.0011", "The original password cannot be empty"),
    "old_password_incorrect": ("PWD.0014", "The old password is incorrect"),
}

# The administrator family has no code of its own for a password equal to the username (it is
# reported as personal data) nor for an empty one (it is reported as the length rule).
_ADMIN_PERSONAL_DATA = ("IDAAS.TENANT.PWD.0003", "Password cannot contain: username, mobile "
                                                 "number, email prefix, name in Pinyin")
_ADMIN_LENGTH = ("IDAAS.TENANT.PWD.0007", "The password must contain {0} to {1} characters")
ADMIN_CODES = {
    "user_not_found": ("IDAAS.TENANT.USER.0001", "User not found"),
    "history": ("IDAAS.TENANT.PWD.0001", "The password is used before, cannot be used again"),
    "reversed_username": ("IDAAS.TENANT.PWD.0002",
                          "Password cannot be the reverse of the username"),
    "personal_data": _ADMIN_PERSONAL_DATA,
    "equals_username": _ADMIN_PERSONAL_DATA,
    "complexity": ("IDAAS.TENANT.PWD.0004", "Your password complexity is low, {0}"),
    "weak": ("IDAAS.TENANT.PWD.0005", "The password is weak"),
    "repeats": ("IDAAS.TENANT.PWD.0006", "Number of character repeat in password should not "
                                         "exceed {0}"),
    "length": _ADMIN_LENGTH,
    "empty": _ADMIN_LENGTH,
}


def char_class(ch):
    cat = unicodedata.category(ch)
    if cat == "Ll":
        return "lower"
    if cat in ("Lu", "Lt"):
        return "upper"
    if cat == "Nd":
        return "digit"
    return "special"


def longest_run(text):
    best = run = 0
    prev = None
    for ch in text:
        run = run + 1 if ch == prev else 1
        prev = ch
        best = max(best, run)
    return best


def mobile_forms(mobile):
    """The mobile number as all its digits and, for "+CC<sep>rest", the national digits."""
    if not mobile:
        return []
    forms = []
    digits = re.sub(r"[^0-9]", "", mobile)
    if digits:
        forms.append(digits)
    m = re.match(r"^\s*\+[0-9]{1,4}[\s.\-/]+(.*)$", mobile)
    if m:
        national = re.sub(r"[^0-9]", "", m.group(1))
        if national:
            forms.append(national)
    return forms


def latin_name_words(name):
    """Words of a name written in Latin letters; [] for other scripts (no Pinyin here)."""
    if not name:
        return []
    letters = [c for c in name if c.isalpha()]
    if not letters or not all("LATIN" in unicodedata.name(c, "") for c in letters):
        return []
    return [w for w in re.findall(r"[^\W\d_]+", name) if len(w) >= NAME_WORD_MIN_LENGTH]


def personal_data_hit(user, password):
    folded = password.casefold()
    uname = user["user_name"].casefold()
    if len(uname) >= PERSONAL_MIN_LENGTH and uname in folded:
        return True
    email = user.get("email") or ""
    if "@" in email:
        local = email.rsplit("@", 1)[0].casefold()
        if len(local) >= PERSONAL_MIN_LENGTH and local in folded:
            return True
    for digits in mobile_forms(user.get("mobile")):
        if len(digits) >= PERSONAL_MIN_LENGTH and digits in password:
            return True
    for word in latin_name_words(user.get("name")):
        if word.casefold() in folded:
            return True
    return False


def policy_violation(user, password, check_history=True):
    """The FIRST rule `password` breaks for `user`, as (rule, args), or None.

    Order: empty, length, equals_username, reversed_username, complexity,
    weak, history, repeats, personal_data (docs/rules.md's table order).
    """
    if password == "":
        return ("empty", (MIN_LENGTH, MAX_LENGTH))
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        return ("length", (MIN_LENGTH, MAX_LENGTH))
    folded = password.casefold()
    uname = user["user_name"].casefold()
    if folded == uname:
        return ("equals_username", ())
    if folded == uname[::-1]:
        return ("reversed_username", ())
    present = {char_class(c) for c in password}
    if len(present) < MIN_CLASSES:
        missing = [label for key, label in CLASS_NAMES if key not in present]
        detail = (f"use at least {MIN_CLASSES} kinds of characters, add "
                  f"{MIN_CLASSES - len(present)} more of: {', '.join(missing)}")
        return ("complexity", (detail,))
    if folded in _WEAK:
        return ("weak", ())
    if check_history and password in user["history"][-HISTORY_SIZE:]:
        return ("history", ())
    if longest_run(password) > MAX_REPEATS:
        return ("repeats", (MAX_REPEATS,))
    if personal_data_hit(user, password):
        return ("personal_data", ())
    return None
