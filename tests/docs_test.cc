// The docs that list rules agree with the registry, the only list of rules:
// the README table and docs/rules/ (each page with the sections a reader needs).
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "onnx_lint/registry.h"
#include "test_util.h"

namespace onnx_lint::test {
namespace {

TEST(Docs, ReadmeRulesTableMatchesTheRegistry) {
  std::istringstream readme(read_file(source_path("README.md")));
  const std::regex row(R"(^\| \[(OL\d+)\]\(docs/rules/(OL\d+)\.md\) \| ([a-z0-9-]+) \| (\w+) \|)");
  std::set<std::string> rows;
  for (std::string line; std::getline(readme, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, row)) continue;
    EXPECT_EQ(m[1].str(), m[2].str()) << line;
    const Rule* rule = find_rule(m[1].str());
    ASSERT_NE(rule, nullptr) << "README lists unknown rule " << m[1];
    EXPECT_EQ(m[3].str(), rule->meta().name) << line;
    EXPECT_EQ(m[4].str(), severity_name(rule->meta().severity)) << line;
    rows.insert(m[1]);
  }
  for (const auto& rule : all_rules())
    EXPECT_TRUE(rows.count(std::string(rule->meta().code)))
        << "README's rules table has no row for " << rule->meta().code;
}

TEST(Docs, EveryRuleHasAPageWithTheFiveSectionsAndNoPageLacksARule) {
  for (const auto& rule : all_rules()) {
    const std::string code(rule->meta().code);
    const std::string page = read_file(source_path("docs/rules/" + code + ".md"));
    EXPECT_EQ(page.rfind("# " + code + " " + std::string(rule->meta().name) + "\n", 0), 0u)
        << code << ": the page must start with its code and name";
    EXPECT_NE(page.find("\nOpsets: "), std::string::npos) << code << " names no opsets";
    // Whether `onnx-lint fix` rewrites its findings, and how (README's fix table agrees).
    const bool safe = page.find("\nFix: **safe**") != std::string::npos;
    const bool unsafe = page.find("\nFix: **unsafe**") != std::string::npos;
    const bool none = page.find("\nFix: none") != std::string::npos;
    EXPECT_EQ(safe + unsafe + none, 1) << code << " must say Fix: **safe**, **unsafe** or none";
    for (const char* section : {"## What it does", "## Why it matters", "## Example",
                                "## Use instead", "## When to ignore"})
      EXPECT_NE(page.find(section), std::string::npos) << code << " lacks " << section;
  }
  for (const auto& e : std::filesystem::directory_iterator(source_path("docs/rules")))
    EXPECT_NE(find_rule(e.path().stem().string()), nullptr)
        << e.path() << " documents no registered rule";
}

}  // namespace
}  // namespace onnx_lint::test
