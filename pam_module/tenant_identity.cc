#include "pam_module/tenant_identity.h"

#include <elf.h>
#include <link.h>  // ElfW
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

#include "tenant/plugin/tenant_plugin.h"

namespace pam_idaas::module {
namespace {

// Far above what a linker writes; bounds what a hostile file makes us read.
constexpr std::size_t kMaxProgramHeaders = 64;
constexpr std::size_t kMaxNoteSegment = 64 * 1024;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
constexpr unsigned char kOwnData = ELFDATA2LSB;
#else
constexpr unsigned char kOwnData = ELFDATA2MSB;
#endif
constexpr unsigned char kOwnClass = sizeof(void*) == 8 ? ELFCLASS64 : ELFCLASS32;

struct File {
  int fd;
  std::uint64_t size;

  bool holds(std::uint64_t offset, std::uint64_t length) const {
    return offset <= size && length <= size - offset;
  }
  bool read(std::uint64_t offset, void* to, std::size_t length) const {
    return holds(offset, length) &&
           pread(fd, to, length, static_cast<off_t>(offset)) == static_cast<ssize_t>(length);
  }
};

std::size_t aligned(std::size_t size, std::size_t alignment) {
  return (size + alignment - 1) & ~(alignment - 1);
}

// The descriptor of the pam_idaas note among the notes of `segment`, if any.
std::optional<std::string> identity_note(std::string_view segment, std::size_t alignment) {
  constexpr std::string_view owner(PAM_IDAAS_TENANT_NOTE_NAME, sizeof PAM_IDAAS_TENANT_NOTE_NAME);
  while (segment.size() >= sizeof(ElfW(Nhdr))) {
    ElfW(Nhdr) header;
    std::memcpy(&header, segment.data(), sizeof header);
    segment.remove_prefix(sizeof header);
    const std::size_t name_room = aligned(header.n_namesz, alignment);
    const std::size_t descriptor_room = aligned(header.n_descsz, alignment);
    if (name_room > segment.size() || descriptor_room > segment.size() - name_room) break;
    const std::string_view name = segment.substr(0, header.n_namesz);
    const std::string_view descriptor = segment.substr(name_room, header.n_descsz);
    segment.remove_prefix(name_room + descriptor_room);
    if (name == owner && header.n_type == PAM_IDAAS_TENANT_NOTE_TYPE)
      return std::string(descriptor.substr(0, descriptor.find('\0')));
  }
  return {};
}

std::string check_header(const File& file, const ElfW(Ehdr) & header) {
  if (header.e_ident[EI_CLASS] != kOwnClass || header.e_ident[EI_DATA] != kOwnData)
    return "an ELF file of another word size or byte order";
  if (header.e_type != ET_DYN) return "not a shared object";
  if (header.e_phentsize != sizeof(ElfW(Phdr)) || header.e_phnum == 0 ||
      header.e_phnum > kMaxProgramHeaders)
    return "an ELF file without usable program headers";
  if (!file.holds(header.e_phoff, std::uint64_t{header.e_phnum} * sizeof(ElfW(Phdr))))
    return "truncated (its program headers end past the end of the file)";
  return {};
}

// The identity from the program headers: a truncated segment is refused here,
// before the loader would map it.
PluginIdentity identity_from(const File& file, const std::vector<ElfW(Phdr)>& segments) {
  PluginIdentity found;
  for (const auto& segment : segments) {
    if (!file.holds(segment.p_offset, segment.p_filesz))
      return {{}, "truncated (a segment ends past the end of the file)"};
    if (segment.p_type != PT_NOTE || !found.identity.empty()) continue;
    if (segment.p_filesz > kMaxNoteSegment) return {{}, "a note segment too large to be read"};
    std::string notes(segment.p_filesz, '\0');
    if (!file.read(segment.p_offset, notes.data(), notes.size()))
      return {{}, "a note segment that cannot be read"};
    if (auto identity = identity_note(notes, segment.p_align == 8 ? 8 : 4)) {
      const bool printable = std::all_of(identity->begin(), identity->end(),
                                         [](char c) { return c >= ' ' && c <= '~'; });
      if (identity->empty() || !printable)
        return {{}, "an identity note that is not printable text"};
      found.identity = std::move(*identity);
    }
  }
  if (found.identity.empty())
    found.problem = "no pam_idaas identity note: not a pam_idaas tenant client";
  return found;
}

}  // namespace

PluginIdentity read_plugin_identity(int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return {{}, std::strerror(errno)};
  const File file{fd, static_cast<std::uint64_t>(st.st_size)};
  ElfW(Ehdr) header{};
  if (!file.read(0, header.e_ident, SELFMAG) || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0)
    return {{}, "not an ELF file"};
  if (!file.read(0, &header, sizeof header)) return {{}, "truncated (shorter than an ELF header)"};
  if (std::string problem = check_header(file, header); !problem.empty()) return {{}, problem};
  std::vector<ElfW(Phdr)> segments(header.e_phnum);
  if (!file.read(header.e_phoff, segments.data(), segments.size() * sizeof(ElfW(Phdr))))
    return {{}, "truncated (its program headers cannot be read)"};
  return identity_from(file, segments);
}

}  // namespace pam_idaas::module
