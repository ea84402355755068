#include "hardock/core/cobit.h"

#include <array>

namespace hardock::core {
namespace {

using D = CobitDomain;

constexpr std::string_view kApo12 = "Managed Risk";
constexpr std::string_view kApo13 = "Managed Security";
constexpr std::string_view kBai06 = "Managed IT Changes";
constexpr std::string_view kBai10 = "Managed Configuration";
constexpr std::string_view kDss01 = "Managed Operations";
constexpr std::string_view kDss05 = "Managed Security Services";
constexpr std::string_view kMea01 = "Managed Performance and Conformance Monitoring";

// Practice names as published in COBIT 2019 Governance and Management Objectives.
constexpr std::array kPractices{
    CobitPractice{"APO12.01", "Collect data", "APO12", kApo12, D::kRisk},
    CobitPractice{"APO12.02", "Analyze risk", "APO12", kApo12, D::kRisk},
    CobitPractice{"APO12.03", "Maintain a risk profile", "APO12", kApo12, D::kRisk},
    CobitPractice{"APO12.06", "Respond to risk", "APO12", kApo12, D::kRisk},
    CobitPractice{"APO13.01", "Establish and maintain an information security management system",
                  "APO13", kApo13, D::kSecurity},
    CobitPractice{"APO13.02",
                  "Define and manage an information security and privacy risk treatment plan",
                  "APO13", kApo13, D::kSecurity},
    CobitPractice{"BAI06.01", "Evaluate, prioritize and authorize change requests", "BAI06", kBai06,
                  D::kChange},
    CobitPractice{"BAI06.03", "Track and report change status", "BAI06", kBai06, D::kChange},
    CobitPractice{"BAI10.01", "Establish and maintain a configuration model", "BAI10", kBai10,
                  D::kChange},
    CobitPractice{"BAI10.02", "Establish and maintain a configuration repository and baseline",
                  "BAI10", kBai10, D::kChange},
    CobitPractice{"BAI10.03", "Maintain and control configuration items", "BAI10", kBai10,
                  D::kChange},
    CobitPractice{"BAI10.05", "Verify and review integrity of the configuration repository",
                  "BAI10", kBai10, D::kChange},
    CobitPractice{"DSS01.01", "Perform operational procedures", "DSS01", kDss01, D::kOperations},
    CobitPractice{"DSS01.03", "Monitor I&T infrastructure", "DSS01", kDss01, D::kOperations},
    CobitPractice{"DSS01.04", "Manage the environment", "DSS01", kDss01, D::kOperations},
    CobitPractice{"DSS05.01", "Protect against malicious software", "DSS05", kDss05, D::kSecurity},
    CobitPractice{"DSS05.02", "Manage network and connectivity security", "DSS05", kDss05,
                  D::kSecurity},
    CobitPractice{"DSS05.03", "Manage endpoint security", "DSS05", kDss05, D::kSecurity},
    CobitPractice{"DSS05.04", "Manage user identity and logical access", "DSS05", kDss05,
                  D::kSecurity},
    CobitPractice{
        "DSS05.07",
        "Manage vulnerabilities and monitor the infrastructure for security-related events",
        "DSS05", kDss05, D::kSecurity},
    CobitPractice{"MEA01.01", "Establish a monitoring approach", "MEA01", kMea01, D::kMonitoring},
    CobitPractice{"MEA01.03", "Collect and process performance and conformance data", "MEA01",
                  kMea01, D::kMonitoring},
    CobitPractice{"MEA01.04", "Analyze and report performance", "MEA01", kMea01, D::kMonitoring},
};

}  // namespace

std::string_view to_string(CobitDomain domain) {
  switch (domain) {
    case CobitDomain::kSecurity:
      return "security";
    case CobitDomain::kChange:
      return "change";
    case CobitDomain::kOperations:
      return "operations";
    case CobitDomain::kRisk:
      return "risk";
    case CobitDomain::kMonitoring:
      return "monitoring";
  }
  return "unknown";
}

std::string_view domain_title(CobitDomain domain) {
  switch (domain) {
    case CobitDomain::kSecurity:
      return "Security management (APO13, DSS05)";
    case CobitDomain::kChange:
      return "Change management (BAI06, BAI10)";
    case CobitDomain::kOperations:
      return "Operations management (DSS01)";
    case CobitDomain::kRisk:
      return "Risk management (APO12)";
    case CobitDomain::kMonitoring:
      return "Monitoring and evaluation (MEA01)";
  }
  return "unknown";
}

std::span<const CobitPractice> cobit_practices() { return kPractices; }

std::optional<CobitPractice> find_cobit_practice(std::string_view id) {
  for (const auto& practice : kPractices) {
    if (practice.id == id) return practice;
  }
  return std::nullopt;
}

}  // namespace hardock::core
