// `hardock audit`: collect (or read) a snapshot, run the checks, write a report.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "hardock/app/commands.h"
#include "hardock/app/engine_options.h"
#include "hardock/app/image_vulnerabilities.h"
#include "hardock/app/output.h"
#include "hardock/app/record_run.h"
#include "hardock/app/version.h"
#include "hardock/app/waivers.h"
#include "hardock/audit/config.h"
#include "hardock/audit/engine_images.h"
#include "hardock/audit/run.h"
#include "hardock/image/open_image.h"
#include "hardock/image_cache/analysis_cache.h"
#include "hardock/io/bounded_read.h"
#include "hardock/io/escape.h"
#include "hardock/report/report.h"

namespace hardock::app {
namespace {

struct AuditFlags {
  EngineFlags engine;
  HostFlags host;
  std::string from;
  PolicyFlags policy;
  VulnFlags vuln;
  std::string format = "table";
  std::string output;
  std::vector<std::string> only;
  std::vector<std::string> skip;
  std::string severity = "info";
  std::string fail_on = "info";
  int exit_code = 0;
  bool allow_unchecked = false;
  bool no_color = false;
  bool images = false;
  std::string image_cache;  // --image-cache DIR; empty: the default place
  bool no_image_cache = false;
  StoreFlags store;
};

// The analysis cache `audit --images` reads and fills (image/analysis_cache.h); nullopt when
// --no-image-cache, or when it cannot be used, which is a warning: the images are then walked.
std::optional<image_cache::AnalysisCache> open_image_cache(const AuditFlags& flags) {
  if (flags.no_image_cache) return std::nullopt;
  std::string dir = flags.image_cache;
  if (dir.empty()) {
    auto found = image_cache::default_cache_dir();
    if (!found) {
      std::cerr << "hardock: warning: image cache not used: "
                << io::terminal_safe(found.error().to_string()) << " (give --image-cache DIR)\n";
      return std::nullopt;
    }
    dir = *found;
  }
  std::vector<std::string> notes;
  auto cache = image_cache::AnalysisCache::open(
      dir, image_cache::analysis_version(kVersion, image::LayerLimits{}), notes);
  for (const auto& note : notes) {
    std::cerr << "hardock: warning: image cache: " << io::terminal_safe(note) << "\n";
  }
  if (!cache) {
    std::cerr << "hardock: warning: image cache not used: "
              << io::terminal_safe(cache.error().to_string()) << "\n";
    return std::nullopt;
  }
  return std::move(*cache);
}

// `audit --images`: each image the containers use, from the cache by image id when it is there
// (not exported at all), else exported by the engine, walked once and stored; its subject then
// carries the file tree and inventory the file checks read. An image that cannot be read keeps
// no tree (its file checks are could-not-look) and is named on stderr.
std::vector<std::unique_ptr<image::AnalysedImage>> analyse_engine_images(
    const EngineFlags& engine_flags, std::vector<image::ImageSubject>& subjects,
    image_cache::AnalysisCache* cache) {
  std::vector<std::unique_ptr<image::AnalysedImage>> analysed;
  std::optional<image::OpenRequest> request;  // connected on the first image to export
  std::size_t walked = 0;
  std::size_t cached = 0;
  std::size_t failed = 0;
  bool connect_failed = false;
  for (auto& subject : subjects) {
    const std::string shown = io::terminal_safe(subject.name);
    const bool cacheable = cache != nullptr && image_cache::cacheable_image_id(subject.id);
    std::unique_ptr<image::AnalysedImage> analysis;
    if (cacheable) {
      auto loaded = cache->load(subject.id);
      if (!loaded) {
        std::cerr << "hardock: warning: image cache: image " << shown << ": entry ignored ("
                  << io::terminal_safe(loaded.error().to_string()) << "); walking it again\n";
      } else if (*loaded) {
        analysis = std::make_unique<image::AnalysedImage>();
        analysis->source = image::SourceKind::kEngine;
        analysis->image.config_digest = subject.id;
        analysis->image.tree = std::move((*loaded)->tree);
        analysis->inventory = std::move((*loaded)->inventory);
        ++cached;
      }
    }
    if (!analysis) {
      if (!request && !connect_failed) {
        auto client = connect_engine(engine_flags);
        if (client) {
          request.emplace();
          request->engine = engine_image_source(*client);
        } else {
          std::cerr << "hardock: --images: " << io::terminal_safe(client.error().to_string())
                    << "\n";
          connect_failed = true;
        }
      }
      if (!request) {
        ++failed;
        continue;
      }
      request->reference = subject.id;
      auto opened = image::open_image(*request);
      if (!opened) {
        std::cerr << "hardock: --images: image " << shown << ": "
                  << io::terminal_safe(opened.error().to_string()) << "\n";
        ++failed;
        continue;
      }
      analysis = std::make_unique<image::AnalysedImage>(std::move(*opened));
      ++walked;
      if (cacheable) {
        if (auto stored = cache->store(subject.id, analysis->image.tree, analysis->inventory);
            !stored) {
          std::cerr << "hardock: warning: image cache: image " << shown << ": not stored ("
                    << io::terminal_safe(stored.error().to_string()) << ")\n";
        }
      }
    }
    subject.tree = &analysis->image.tree;
    subject.inventory = &analysis->inventory;
    analysed.push_back(std::move(analysis));
  }
  if (!subjects.empty()) {
    std::cerr << "hardock: --images: " << subjects.size()
              << (subjects.size() == 1 ? " image: " : " images: ") << walked << " walked, "
              << cached << " from the cache"
              << (failed > 0 ? ", " + std::to_string(failed) + " not read" : std::string())
              << (cache == nullptr ? " (image cache off)" : std::string()) << "\n";
  }
  return analysed;
}

// The snapshot document the run judged, as text for the store: the --from file as it is (read
// once more, bounded), or the collected document.
std::string snapshot_text(const AuditFlags& flags, const Collected& collected) {
  if (!flags.from.empty()) {
    auto text = io::read_regular_file(flags.from, io::kMaxSnapshotFileBytes);
    return text ? std::move(*text) : std::string();
  }
  return collected.document.is_null() ? std::string() : collected.document.dump();
}

int run_audit_command(const AuditFlags& flags) {
  RunMeta meta = begin_run(store::RunKind::kAudit);
  auto format = report::parse_format(flags.format);
  if (!format) return print_error(format.error());
  auto min_severity = parse_severity_flag("--severity", flags.severity);
  if (!min_severity) return print_error(min_severity.error());
  auto fail_on = parse_severity_flag("--fail-on", flags.fail_on);
  if (!fail_on) return print_error(fail_on.error());

  auto policy = load_policy(flags.policy);
  if (!policy) return print_error(policy.error());
  if (flags.vuln.ignore_unfixed) policy->ignore_unfixed = true;
  if (auto waived = add_run_waivers("", flags.store, policy->store, policy->waivers, policy->today);
      !waived) {
    return print_error(waived.error());
  }
  const audit::AuditConfig& config = *policy;

  // Recorded runs keep the snapshot document; otherwise it is decoded as it arrives.
  const bool keep_document = !flags.store.no_store && flags.from.empty();
  auto collected = flags.from.empty() ? collect_sources(flags.engine, flags.host, keep_document)
                                      : read_snapshot_file(flags.from, false);
  if (!collected) return print_error(collected.error());

  audit::Selection selection{flags.only, flags.skip, *min_severity, collected->engine_present};
  if (!collected->no_engine_reason.empty())
    selection.no_engine_reason = collected->no_engine_reason;
  if (!collected->no_host_reason.empty()) selection.no_host_reason = collected->no_host_reason;
  // The images the containers use: their configuration and history, once per image id.
  std::vector<image::ImageSubject> images = collected->engine_present
                                                ? audit::engine_image_subjects(collected->snapshot)
                                                : std::vector<image::ImageSubject>{};
  if (collected->engine_present && images.empty()) {
    selection.no_image_reason = "no container's image was read from the engine";
  }
  std::vector<std::unique_ptr<image::AnalysedImage>> analysed;
  if (flags.images && flags.from.empty() && collected->engine_present) {
    auto cache = open_image_cache(flags);
    analysed = analyse_engine_images(flags.engine, images, cache ? &*cache : nullptr);
  } else if (flags.images) {
    selection.no_image_files_reason = "--images reads layers from a live engine, not a snapshot";
  }
  std::deque<vulnscan::Assessment> assessments;
  if (!analysed.empty()) {
    auto no_vulnerabilities = assess_images(flags.vuln, images, assessments);
    if (!no_vulnerabilities) return print_error(no_vulnerabilities.error());
    if (!no_vulnerabilities->empty()) selection.no_vulnerabilities_reason = *no_vulnerabilities;
  }
  auto result = audit::run_audit(collected->snapshot, config, selection,
                                 collected->host ? &*collected->host : nullptr, &images);
  if (!result) return print_error(result.error());

  const auto& snapshot = collected->snapshot;
  report::ReportInput input{
      .tool_version = std::string(kVersion),
      .endpoint = snapshot.endpoint,
      .collected_at = snapshot.collected_at,
      .engine_version = snapshot.version.version,
      .host_name = snapshot.info.name,
      .result = *result,
      .domains = audit::summarize_domains(*result),
  };
  const bool to_terminal = flags.output.empty() || flags.output == "-";
  report::RenderOptions options{.color = to_terminal && !flags.no_color &&
                                         std::getenv("NO_COLOR") == nullptr &&
                                         isatty(fileno(stdout)) != 0};
  // Streamed: the report of a large fleet (hundreds of megabytes of JSON) is never held whole.
  auto render = [&](const std::function<void(std::string_view)>& drain) {
    report::render(*format, input, options, drain);
  };
  if (auto written = write_output(flags.output, render); !written) {
    return print_error(written.error());
  }

  if (!flags.store.no_store) {
    meta.target = snapshot.endpoint.empty() ? flags.host.host_root : snapshot.endpoint;
    meta.host = snapshot.info.id;
    meta.host_name = snapshot.info.name;
    std::vector<std::string> selection_flags{"severity=" + flags.severity};
    for (const auto& code : flags.only) selection_flags.push_back("check=" + code);
    for (const auto& code : flags.skip) selection_flags.push_back("skip=" + code);
    if (flags.images) selection_flags.emplace_back("images");
    meta.policy = policy_text(config, selection_flags);
    (void)record_run(flags.store, config.store,
                     make_run_record(meta, *result, snapshot_text(flags, *collected)));
  }

  if (flags.exit_code != 0 && audit::gate_fails(*result, *fail_on, flags.allow_unchecked)) {
    return flags.exit_code;
  }
  return 0;
}

}  // namespace

void register_audit(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<AuditFlags>();
  CLI::App* command = app.add_subcommand(
      "audit", "Audit a Docker engine (or a saved snapshot) and report findings");
  add_engine_flags(*command, flags->engine);
  add_host_flags(*command, flags->host);
  command->add_option("--from", flags->from, "Audit a snapshot saved by `hardock collect`");
  add_policy_flags(*command, flags->policy);
  add_vuln_flags(*command, flags->vuln);
  command->add_option("-f,--format", flags->format, "table, json, sarif, junit, markdown or html")
      ->capture_default_str();
  command->add_option("-o,--output", flags->output, "Write the report to this file");
  command->add_option("--check", flags->only, "Run only these checks (code or slug)")
      ->delimiter(',');
  command->add_option("--skip", flags->skip, "Skip these checks (code or slug)")->delimiter(',');
  command
      ->add_option("--severity", flags->severity, "Run and show checks at or above this severity")
      ->capture_default_str();
  command
      ->add_option("--fail-on", flags->fail_on,
                   "With --exit-code: the lowest severity that fails the run")
      ->capture_default_str();
  command->add_option("--exit-code", flags->exit_code,
                      "Exit with this code when a finding at or above --fail-on is found");
  CLI::Option* images = command->add_flag(
      "--images", flags->images,
      "Also walk the layers of the images the containers use (file checks), each image once: "
      "its analysis is cached by image id");
  command
      ->add_option("--image-cache", flags->image_cache,
                   "With --images: keep the image analyses in this directory (default "
                   "$XDG_CACHE_HOME/hardock, else ~/.cache/hardock)")
      ->needs(images);
  command
      ->add_flag("--no-image-cache", flags->no_image_cache,
                 "With --images: walk every image, neither reading nor writing the cache")
      ->needs(images)
      ->excludes("--image-cache");
  command->add_flag("--allow-unchecked", flags->allow_unchecked,
                    "With --exit-code: do not fail the run for checks that could not look");
  command->add_flag("--no-color", flags->no_color, "Never colour the table");
  add_store_flags(*command, flags->store);
  command->callback([flags, &status] { status.code = run_audit_command(*flags); });
}

}  // namespace hardock::app
