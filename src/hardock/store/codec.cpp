#include "hardock/store/codec.h"
#include <algorithm>

#include <zstd.h>

#include <cstdint>
#include <memory>

namespace hardock::store::detail {
namespace codec_detail {

// Findings format 2 adds each finding's acceptance (a flag, then owner, until, reason and source
// when set). Format 1 frames, written before, still read: their findings are not accepted.
constexpr unsigned char kFindingsFormatV1 = 1;
constexpr unsigned char kFindingsFormat = 2;
constexpr unsigned char kChecksFormat = 1;

struct DCtxFree {
  void operator()(ZSTD_DCtx* ctx) const { ZSTD_freeDCtx(ctx); }
};

class Writer {
 public:
  void byte(unsigned char value) { out_ += static_cast<char>(value); }
  void number(std::uint64_t value) {
    if (value < 0x80) {  // most are: lengths of short texts, enums, line numbers
      out_ += static_cast<char>(value);
      return;
    }
    while (value >= 0x80) {
      out_ += static_cast<char>((value & 0x7f) | 0x80);
      value >>= 7;
    }
    out_ += static_cast<char>(value);
  }
  void text(std::string_view value) {
    number(value.size());
    out_.append(value);
  }
  void reserve(std::size_t bytes) { out_.reserve(bytes); }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool byte(unsigned char& value) {
    if (pos_ >= in_.size()) return false;
    value = static_cast<unsigned char>(in_[pos_++]);
    return true;
  }
  bool number(std::uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      unsigned char b = 0;
      if (!byte(b)) return false;
      value |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  }
  bool small(int& value, int max) {
    std::uint64_t n = 0;
    if (!number(n) || n > static_cast<std::uint64_t>(max)) return false;
    value = static_cast<int>(n);
    return true;
  }
  bool u32(std::uint32_t& value) {
    std::uint64_t n = 0;
    if (!number(n) || n > 0xffffffffULL) return false;
    value = static_cast<std::uint32_t>(n);
    return true;
  }
  bool text(std::string& value) {
    std::uint64_t n = 0;
    if (!number(n) || n > in_.size() - pos_) return false;
    value.assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  [[nodiscard]] bool done() const { return pos_ == in_.size(); }
  [[nodiscard]] std::size_t remaining() const { return in_.size() - pos_; }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
};

core::Error malformed(std::string_view what) {
  return core::fail(core::ErrorCode::kMalformedInput,
                    std::string("stored ") + std::string(what) + " are malformed")
      .value();
}

}  // namespace codec_detail

using codec_detail::Reader;
using codec_detail::Writer;

core::Result<std::string> compress(std::string_view bytes, int level) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  const std::size_t size = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), level);
  if (ZSTD_isError(size) != 0) {
    return core::fail(core::ErrorCode::kInternal,
                      std::string("zstd compression failed: ") + ZSTD_getErrorName(size));
  }
  out.resize(size);
  return out;
}

core::Result<std::string> decompress(std::string_view frame, std::size_t limit,
                                     std::string_view what) {
  std::unique_ptr<ZSTD_DCtx, codec_detail::DCtxFree> ctx(ZSTD_createDCtx());
  if (!ctx) return core::fail(core::ErrorCode::kInternal, "zstd: out of memory");
  // A frame asking for a window larger than the limit is refused before any allocation.
  ZSTD_DCtx_setParameter(ctx.get(), ZSTD_d_windowLogMax, 27);
  std::string out;
  // The size the frame declares (zstd's one-shot compression records it), as a capacity only:
  // a frame that lies gets at most `limit` of untouched address space, and the checks below.
  // Without it, a 23 MB snapshot grew by doubling: a third of its decompression was copying.
  if (const auto declared = ZSTD_getFrameContentSize(frame.data(), frame.size());
      declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != ZSTD_CONTENTSIZE_ERROR) {
    out.reserve(static_cast<std::size_t>(std::min<unsigned long long>(declared, limit)));
  }
  ZSTD_inBuffer in{frame.data(), frame.size(), 0};
  std::string chunk(std::size_t{1} << 16, '\0');
  std::size_t last = 1;
  while (in.pos < in.size || last != 0) {
    ZSTD_outBuffer buffer{chunk.data(), chunk.size(), 0};
    last = ZSTD_decompressStream(ctx.get(), &buffer, &in);
    if (ZSTD_isError(last) != 0) {
      return core::fail(
          core::ErrorCode::kMalformedInput,
          std::string(what) + ": not a valid zstd frame (" + ZSTD_getErrorName(last) + ")");
    }
    if (out.size() + buffer.pos > limit) {
      return core::fail(core::ErrorCode::kMalformedInput, std::string(what) + ": larger than " +
                                                              std::to_string(limit >> 20) +
                                                              " MiB when decompressed, not read");
    }
    out.append(chunk.data(), buffer.pos);
    if (in.pos == in.size && buffer.pos == 0 && last != 0) {
      return core::fail(core::ErrorCode::kMalformedInput,
                        std::string(what) + ": truncated zstd frame");
    }
  }
  return out;
}

std::string encode_findings(const std::vector<StoredFinding>& findings) {
  // Sized once: a lint of 10,000 files encodes 137,000 findings into tens of MB, which growing by
  // doubling copied again and again. A bound: each text and its length (at most 10 bytes), each
  // number at most 10 bytes.
  std::size_t bound = 16;
  for (const auto& f : findings) {
    bound += f.fingerprint.size() + f.check_code.size() + f.slug.size() + f.title.size() +
             f.target_id.size() + f.target_name.size() + f.evidence.size() + f.key.size() +
             f.remediation.size() + f.cis.size() + f.cobit.size() + f.location.file.size() +
             f.accepted_owner.size() + f.accepted_until.size() + f.accepted_reason.size() +
             f.accepted_source.size() + 26 * 10;
  }
  Writer w;
  w.reserve(bound);
  w.byte(codec_detail::kFindingsFormat);
  w.number(findings.size());
  for (const auto& f : findings) {
    w.text(f.fingerprint);
    w.text(f.check_code);
    w.text(f.slug);
    w.text(f.title);
    w.number(static_cast<std::uint64_t>(f.severity));
    w.number(static_cast<std::uint64_t>(f.status));
    w.number(static_cast<std::uint64_t>(f.target_kind));
    w.text(f.target_id);
    w.text(f.target_name);
    w.text(f.evidence);
    w.text(f.key);
    w.text(f.remediation);
    w.text(f.cis);
    w.text(f.cobit);
    w.number(static_cast<std::uint64_t>(f.domain));
    w.text(f.location.file);
    w.number(f.location.line);
    w.number(f.location.column);
    w.number(f.location.end_line);
    w.number(f.location.end_column);
    w.byte(f.accepted ? 1 : 0);
    if (f.accepted) {
      w.text(f.accepted_owner);
      w.text(f.accepted_until);
      w.text(f.accepted_reason);
      w.text(f.accepted_source);
    }
  }
  return w.take();
}

core::Result<std::vector<StoredFinding>> decode_findings(std::string_view bytes) {
  Reader r(bytes);
  unsigned char format = 0;
  if (!r.byte(format) ||
      (format != codec_detail::kFindingsFormat && format != codec_detail::kFindingsFormatV1)) {
    return core::fail(codec_detail::malformed("findings (unknown format)"));
  }
  const bool with_acceptance = format >= codec_detail::kFindingsFormat;
  std::uint64_t count = 0;
  // Each finding takes at least 20 bytes: a count above that is a lie.
  if (!r.number(count) || count > r.remaining() / 20) {
    return core::fail(codec_detail::malformed("findings"));
  }
  std::vector<StoredFinding> findings(count);
  for (auto& f : findings) {
    int severity = 0;
    int status = 0;
    int target_kind = 0;
    int domain = 0;
    const bool ok = r.text(f.fingerprint) && r.text(f.check_code) && r.text(f.slug) &&
                    r.text(f.title) &&
                    r.small(severity, static_cast<int>(core::Severity::kCritical)) &&
                    r.small(status, static_cast<int>(core::FindingStatus::kSkipped)) &&
                    r.small(target_kind, static_cast<int>(core::TargetKind::kDockerfile)) &&
                    r.text(f.target_id) && r.text(f.target_name) && r.text(f.evidence) &&
                    r.text(f.key) && r.text(f.remediation) && r.text(f.cis) && r.text(f.cobit) &&
                    r.small(domain, static_cast<int>(core::CobitDomain::kMonitoring)) &&
                    r.text(f.location.file) && r.u32(f.location.line) && r.u32(f.location.column) &&
                    r.u32(f.location.end_line) && r.u32(f.location.end_column);
    if (!ok) return core::fail(codec_detail::malformed("findings"));
    if (with_acceptance) {
      unsigned char accepted = 0;
      if (!r.byte(accepted) || accepted > 1) return core::fail(codec_detail::malformed("findings"));
      f.accepted = accepted == 1;
      if (f.accepted && !(r.text(f.accepted_owner) && r.text(f.accepted_until) &&
                          r.text(f.accepted_reason) && r.text(f.accepted_source))) {
        return core::fail(codec_detail::malformed("findings"));
      }
    }
    f.severity = static_cast<core::Severity>(severity);
    f.status = static_cast<core::FindingStatus>(status);
    f.target_kind = static_cast<core::TargetKind>(target_kind);
    f.domain = static_cast<core::CobitDomain>(domain);
  }
  if (!r.done()) return core::fail(codec_detail::malformed("findings (trailing bytes)"));
  return findings;
}

std::string encode_checks(const std::vector<StoredCheck>& checks) {
  Writer w;
  w.byte(codec_detail::kChecksFormat);
  w.number(checks.size());
  for (const auto& c : checks) {
    w.text(c.code);
    w.text(c.outcome);
    w.text(c.reason);
  }
  return w.take();
}

core::Result<std::vector<StoredCheck>> decode_checks(std::string_view bytes) {
  Reader r(bytes);
  unsigned char format = 0;
  if (!r.byte(format) || format != codec_detail::kChecksFormat) {
    return core::fail(codec_detail::malformed("check outcomes (unknown format)"));
  }
  std::uint64_t count = 0;
  if (!r.number(count) || count > r.remaining() / 3) {
    return core::fail(codec_detail::malformed("check outcomes"));
  }
  std::vector<StoredCheck> checks(count);
  for (auto& c : checks) {
    if (!r.text(c.code) || !r.text(c.outcome) || !r.text(c.reason)) {
      return core::fail(codec_detail::malformed("check outcomes"));
    }
  }
  if (!r.done()) return core::fail(codec_detail::malformed("check outcomes (trailing bytes)"));
  return checks;
}

}  // namespace hardock::store::detail
