// `hardock image REF`: read one image (from --input, the engine or a registry), print its OS, a
// package inventory summary and the findings of the image checks, in any audit --format.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "hardock/app/commands.h"
#include "hardock/app/engine_options.h"
#include "hardock/app/image_vulnerabilities.h"
#include "hardock/app/output.h"
#include "hardock/app/record_run.h"
#include "hardock/app/version.h"
#include "hardock/audit/registry.h"
#include "hardock/audit/run.h"
#include "hardock/image/minimise.h"
#include "hardock/image/open_image.h"
#include "hardock/io/escape.h"
#include "hardock/report/report.h"
#include "hardock/sbom/sbom.h"

namespace hardock::app {
namespace {

struct ImageFlags {
  std::string reference;
  std::string input;
  bool registry = false;
  std::string platform;
  std::vector<std::string> insecure_registries;
  std::string certs_dir = "/etc/docker/certs.d";
  std::string docker_config;
  EngineFlags engine;
  PolicyFlags policy;
  VulnFlags vuln;
  std::string format = "table";
  std::string output;
  std::string inventory_output;
  std::vector<std::string> only;
  std::vector<std::string> skip;
  std::string severity = "info";
  std::string fail_on = "info";
  int exit_code = 0;
  bool allow_unchecked = false;
  bool no_color = false;
  std::vector<std::string> sbom;  // {format, file}
  bool minimise_plan = false;
  StoreFlags store;
};

// The OS line, the package counts per ecosystem and what could not be read: shown before the
// table and Markdown reports, and on stderr for the machine formats (their stdout stays one
// document).
std::string inventory_summary(const image::AnalysedImage& analysed, const std::string& name) {
  const image::Inventory& inventory = analysed.inventory;
  std::string out = "Image:     " + io::terminal_safe(name) + " (" +
                    io::terminal_safe(analysed.image.config_digest) + ")\n";
  out += "Source:    " + io::terminal_safe(analysed.image.source) + "\n";
  out += "Platform:  " +
         io::terminal_safe(
             analysed.image.config.os + "/" + analysed.image.config.architecture +
             (analysed.image.config.variant.empty() ? "" : "/" + analysed.image.config.variant)) +
         "\n";
  const image::OsInfo& os = inventory.os;
  if (os.id.empty() && os.pretty_name.empty()) {
    out += "OS:        not detected\n";
  } else {
    out +=
        "OS:        " +
        io::terminal_safe(os.pretty_name.empty() ? os.id + " " + os.version_id : os.pretty_name) +
        " (" + io::terminal_safe(os.id) + " " + io::terminal_safe(os.version_id) +
        (os.distroless ? ", distroless" : "") + "; from " + io::terminal_safe(os.source) + ")\n";
  }
  std::map<std::string, int> per_ecosystem;
  for (const auto& package : inventory.packages) ++per_ecosystem[package.ecosystem];
  out += "Packages:  " + std::to_string(inventory.packages.size());
  if (!per_ecosystem.empty()) {
    std::string parts;
    for (const auto& [ecosystem, count] : per_ecosystem) {
      parts +=
          (parts.empty() ? "" : ", ") + io::terminal_safe(ecosystem) + " " + std::to_string(count);
    }
    out += " (" + parts + ")";
  }
  out += "\n";
  std::size_t files = analysed.image.tree.index().size();
  out += "Layers:    " + std::to_string(analysed.image.tree.layers().size()) + ", " +
         std::to_string(files) + " files\n";
  out += "Inventory errors: " + std::to_string(inventory.errors.size()) + "\n";
  for (const auto& error : inventory.errors) {
    out += "  - " + io::terminal_safe(io::truncate(error, 300)) + "\n";
  }
  return out;
}

// The inventory as JSON (--inventory FILE): what the summary counts, package by package.
std::string inventory_json(const image::AnalysedImage& analysed, const std::string& name) {
  const image::Inventory& inventory = analysed.inventory;
  nlohmann::json document;
  document["schema"] = "hardock.image-inventory/1";
  document["name"] = io::valid_utf8(name);
  document["id"] = analysed.image.config_digest;
  document["manifest_digest"] = analysed.image.manifest_digest;
  document["source"] = io::valid_utf8(analysed.image.source);
  document["os"] = {{"id", io::valid_utf8(inventory.os.id)},
                    {"version_id", io::valid_utf8(inventory.os.version_id)},
                    {"version_codename", io::valid_utf8(inventory.os.version_codename)},
                    {"pretty_name", io::valid_utf8(inventory.os.pretty_name)},
                    {"distroless", inventory.os.distroless}};
  nlohmann::json packages = nlohmann::json::array();
  for (const auto& package : inventory.packages) {
    packages.push_back({{"ecosystem", package.ecosystem},
                        {"name", io::valid_utf8(package.name)},
                        {"version", io::valid_utf8(package.version)},
                        {"source_name", io::valid_utf8(package.source_name)},
                        {"source_version", io::valid_utf8(package.source_version)},
                        {"architecture", io::valid_utf8(package.architecture)},
                        {"origin_layer", package.origin_layer}});
  }
  document["packages"] = std::move(packages);
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& error : inventory.errors) errors.push_back(io::valid_utf8(error));
  document["errors"] = std::move(errors);
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& layer : analysed.image.tree.layers()) {
    layers.push_back({{"digest", layer.digest}, {"entries", layer.entries}});
  }
  document["layers"] = std::move(layers);
  document["files"] = analysed.image.tree.index().size();
  return document.dump(2) + "\n";
}

int run_image_command(const ImageFlags& flags) {
  RunMeta meta = begin_run(store::RunKind::kImage);
  auto format = report::parse_format(flags.format);
  if (!format) return print_error(format.error());
  auto min_severity = parse_severity_flag("--severity", flags.severity);
  if (!min_severity) return print_error(min_severity.error());
  auto fail_on = parse_severity_flag("--fail-on", flags.fail_on);
  if (!fail_on) return print_error(fail_on.error());
  std::optional<sbom::SbomFormat> sbom_format;
  if (!flags.sbom.empty()) {
    sbom_format = sbom::parse_sbom_format(flags.sbom.front());
    if (!sbom_format || flags.sbom.size() != 2) {
      return print_error(core::Error{
          core::ErrorCode::kInvalidArgument,
          "--sbom " + io::one_line(flags.sbom.front()) + ": expected --sbom cyclonedx|spdx FILE",
          {}});
    }
  }
  if (flags.reference.empty() && flags.input.empty()) {
    return print_error(core::Error{
        core::ErrorCode::kInvalidArgument, "name an image (REF), or give --input FILE|DIR", {}});
  }
  auto policy = load_policy(flags.policy);
  if (!policy) return print_error(policy.error());
  if (flags.vuln.ignore_unfixed) policy->ignore_unfixed = true;

  image::OpenRequest request;
  request.reference = flags.reference;
  request.input = flags.input;
  request.registry = flags.registry;
  request.platform = flags.platform;
  request.registry_options.insecure_registries = flags.insecure_registries;
  request.registry_options.certs_dir = flags.certs_dir;
  request.registry_options.docker_config_dir = flags.docker_config;
  if (image::source_of(request) == image::SourceKind::kEngine) {
    auto client = connect_engine(flags.engine);
    if (!client) return print_error(client.error());
    request.engine = engine_image_source(*client);
  }
  auto analysed = image::open_image(request);
  if (!analysed) return print_error(analysed.error());

  std::vector<image::ImageSubject> subjects{image::subject_of(*analysed)};
  const std::string name = subjects.front().name;

  if (!flags.inventory_output.empty()) {
    if (auto written = write_output(flags.inventory_output, inventory_json(*analysed, name));
        !written) {
      return print_error(written.error());
    }
  }

  if (sbom_format) {
    const image::Image& read = analysed->image;
    const sbom::ImageIdentity identity{
        .name = name,
        .config_digest = read.config_digest,
        .manifest_digest = read.manifest_digest,
        .repo_tags = read.repo_tags,
        .architecture = read.config.architecture,
        .layer_digests = read.config.diff_ids,
    };
    const std::string document =
        sbom::write_sbom(*sbom_format, identity, analysed->inventory,
                         {sbom::utc_timestamp_now(), std::string(kVersion)});
    if (auto written = write_output(flags.sbom.back(), document); !written) {
      return print_error(written.error());
    }
  }

  if (flags.minimise_plan) {
    // The plan instead of the findings: what the image could do without, and how to drop it.
    const auto plan = image::make_minimise_plan(analysed->image.tree, analysed->inventory,
                                                analysed->image.config);
    std::string text;
    if (*format == report::Format::kJson) {
      text = image::minimise_plan_json(plan);
    } else {
      text = image::render_minimise_plan_text(plan) + "\n# Dockerfile lines that remove them\n" +
             image::render_dockerfile_snippet(plan) + "\n" +
             image::render_multistage_suggestion(plan, name);
    }
    if (auto written = write_output(flags.output, text); !written) {
      return print_error(written.error());
    }
    return 0;
  }

  // The image checks only: the engine and host checks have nothing to look at here.
  std::vector<std::string> only = flags.only;
  if (only.empty()) {
    for (const audit::Check* check : audit::all_checks()) {
      if (check->needs == audit::Input::kImage || check->needs == audit::Input::kImageFiles ||
          check->needs == audit::Input::kVulnerabilities) {
        only.emplace_back(check->info.code);
      }
    }
  }
  audit::Selection selection{only, flags.skip, *min_severity, false};
  selection.no_engine_reason = "hardock image reads no engine";
  selection.no_host_reason = "hardock image reads no host";
  std::deque<vulnscan::Assessment> assessments;
  auto no_vulnerabilities = assess_images(flags.vuln, subjects, assessments);
  if (!no_vulnerabilities) return print_error(no_vulnerabilities.error());
  if (!no_vulnerabilities->empty()) selection.no_vulnerabilities_reason = *no_vulnerabilities;
  docker::EngineSnapshot engine;
  engine.endpoint = analysed->image.source;
  engine.collected_at = now_rfc3339();
  auto result = audit::run_audit(engine, *policy, selection, nullptr, &subjects);
  if (!result) return print_error(result.error());

  report::ReportInput input{
      .tool_version = std::string(kVersion),
      .endpoint = analysed->image.source,
      .collected_at = engine.collected_at,
      .engine_version = "",
      .host_name = name,
      .result = *result,
      .domains = audit::summarize_domains(*result),
  };
  const bool to_terminal = flags.output.empty() || flags.output == "-";
  report::RenderOptions options{.color = to_terminal && !flags.no_color &&
                                         std::getenv("NO_COLOR") == nullptr &&
                                         isatty(fileno(stdout)) != 0};
  const std::string summary = inventory_summary(*analysed, name);
  std::string text = report::render(*format, input, options);
  if (*format == report::Format::kTable) {
    text = summary + "\n" + text;
  } else if (*format == report::Format::kMarkdown) {
    // One list item per summary line, escaped (an OS name may hold Markdown).
    std::string items;
    std::size_t start = 0;
    while (start < summary.size()) {
      const std::size_t end = summary.find('\n', start);
      items += "- " + io::markdown_escape(summary.substr(start, end - start)) + "\n";
      start = end == std::string::npos ? summary.size() : end + 1;
    }
    text = "# Image\n\n" + items + "\n" + text;
  } else {
    std::fputs(summary.c_str(), stderr);
  }
  if (auto written = write_output(flags.output, text); !written)
    return print_error(written.error());

  if (!flags.store.no_store) {
    meta.target = name;
    std::vector<std::string> selection_flags{"severity=" + flags.severity};
    for (const auto& code : flags.only) selection_flags.push_back("check=" + code);
    for (const auto& code : flags.skip) selection_flags.push_back("skip=" + code);
    meta.policy = policy_text(*policy, selection_flags);
    // The image subject as the run saw it: its inventory document.
    (void)record_run(flags.store, policy->store,
                     make_run_record(meta, *result, inventory_json(*analysed, name)));
  }

  if (flags.exit_code != 0 && audit::gate_fails(*result, *fail_on, flags.allow_unchecked)) {
    return flags.exit_code;
  }
  return 0;
}

}  // namespace

void register_image(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<ImageFlags>();
  CLI::App* command = app.add_subcommand(
      "image",
      "Analyse one image (engine, registry, docker save or OCI archive, OCI layout directory): "
      "OS, packages and the image checks' findings");
  command->add_option("REF", flags->reference,
                      "The image: NAME[:TAG] or ID on the engine, HOST/NAME[:TAG|@DIGEST] in a "
                      "registry, or which image of --input");
  command->add_option("-i,--input", flags->input,
                      "Read a `docker save` or OCI archive FILE, or an OCI layout DIR");
  command->add_flag(
      "--registry", flags->registry,
      "Read REF from its registry (Docker Hub when it names no host), not the engine");
  command->add_option("--platform", flags->platform,
                      "os/arch[/variant] to pick from a multi-platform index (default: this "
                      "machine's)");
  command->add_option(
      "--insecure-registry", flags->insecure_registries,
      "Allow plain http or unverified TLS for this registry HOST[:PORT] (repeatable)");
  command
      ->add_option("--registry-certs-dir", flags->certs_dir,
                   "Where HOST[:PORT]/ca.crt (and client.cert, client.key) are looked up")
      ->capture_default_str();
  command->add_option("--docker-config", flags->docker_config,
                      "Docker client config directory for registry credentials (default "
                      "$DOCKER_CONFIG, else ~/.docker)");
  add_engine_flags(*command, flags->engine);
  add_policy_flags(*command, flags->policy);
  add_vuln_flags(*command, flags->vuln);
  command->add_option("-f,--format", flags->format, "table, json, sarif, junit or markdown")
      ->capture_default_str();
  command->add_option("-o,--output", flags->output, "Write the report to this file");
  command->add_option("--inventory", flags->inventory_output,
                      "Also write the package inventory as JSON to this file (- for stdout)");
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
  command->add_flag("--allow-unchecked", flags->allow_unchecked,
                    "With --exit-code: do not fail the run for checks that could not look");
  command->add_flag("--no-color", flags->no_color, "Never colour the table");
  add_store_flags(*command, flags->store);
  command
      ->add_option(
          "--sbom", flags->sbom,
          "Also write an SBOM (CycloneDX 1.5 or SPDX 2.3 JSON): --sbom cyclonedx|spdx FILE")
      ->expected(2);
  command->add_flag("--minimise-plan", flags->minimise_plan,
                    "Print, instead of the findings, what the image could do without (shells, "
                    "package managers, compilers, network tools, setuid bits, login users) and "
                    "the Dockerfile lines that remove it");
  command->callback([flags, &status] { status.code = run_image_command(*flags); });
}

}  // namespace hardock::app
