#!/usr/bin/env bash
# Packs every src/ project, installs the packages into a scratch console project from a local folder source,
# builds it and evaluates a call with them; installs the CLI as a .NET tool from the same folder and runs it.
# Fails (non-zero) when any step does. Called by eng/test.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version="0.1.0-packagetest.$(date +%s)"

dotnet pack "$root/ChinaDial.Compliance.sln" -c Release -p:VersionSuffix="${version#0.1.0-}" -o "$work/packages" --nologo -v quiet

# Every package carries its page, its license, its XML docs (libraries) and a symbols package; package validation ran in pack.
for project in "$root"/src/*/*.csproj; do
  id=$(basename "$project" .csproj)
  package="$work/packages/$id.$version.nupkg"
  [ -f "$package" ] || { echo "package test: $id was not packed" >&2; exit 1; }
  [ -f "$work/packages/$id.$version.snupkg" ] || { echo "package test: $id has no symbols package" >&2; exit 1; }
  contents=$(unzip -Z1 "$package")
  echo "$contents" | grep -qx 'README.md' || { echo "package test: $id has no README.md" >&2; exit 1; }
  unzip -p "$package" "$id.nuspec" | grep -q '<license type="expression">MIT</license>' || { echo "package test: $id has no license" >&2; exit 1; }
  if [ "$id" != ChinaDial.Compliance.Cli ]; then
    echo "$contents" | grep -qx "lib/net10.0/$id.xml" || { echo "package test: $id has no XML docs" >&2; exit 1; }
  fi
done
echo "package test: $(ls "$work"/packages/*.nupkg | wc -l) packages with README, license, XML docs and symbols"

# SourceLink for release packing: a clone of this commit whose remote is a GitHub URL, packed with -p:PackSourceLink=true,
# must name the repository and the commit in its nuspec.
git clone -q --shared "$root" "$work/sourcelink"
git -C "$work/sourcelink" remote set-url origin https://github.com/chinadial/ChinaDial.Compliance.git
commit=$(git -C "$work/sourcelink" rev-parse HEAD)
dotnet pack "$work/sourcelink/src/ChinaDial.Compliance/ChinaDial.Compliance.csproj" -c Release -p:PackSourceLink=true -o "$work/sourcelink-packages" --nologo -v quiet
unzip -p "$work/sourcelink-packages/ChinaDial.Compliance.0.1.0.nupkg" ChinaDial.Compliance.nuspec \
  | grep -q "<repository type=\"git\" url=\"https://github.com/chinadial/ChinaDial.Compliance.git\".*commit=\"$commit\"" \
  || { echo "package test: a SourceLink pack does not name the repository and commit $commit" >&2; exit 1; }
echo "package test: SourceLink names the repository and commit ${commit:0:12}"

mkdir -p "$work/app"
cd "$work/app"
cat > nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/packages" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
dotnet new console --framework net10.0 --name PackageTest --output . >/dev/null
dotnet add package ChinaDial.Compliance.Extensions --version "$version" >/dev/null
dotnet add package Microsoft.Extensions.DependencyInjection --version 10.0.0 >/dev/null
cat > Program.cs <<'CS'
using ChinaDial.Compliance;
using Microsoft.Extensions.DependencyInjection;

var services = new ServiceCollection();
services.AddChinaDialCompliance(options =>
{
    options.CallerIds.Approved.Add("+12065550100");
    options.CallingHours.Enabled = false; // the verdict must not depend on the hour the test runs at
});
using var provider = services.BuildServiceProvider();
var evaluator = provider.GetRequiredService<OutboundCallEvaluator>();
var allowed = await evaluator.EvaluateAsync(new OutboundCall("+12065550100", "+8613800138000", CallPurpose.Service));
var denied = await evaluator.EvaluateAsync(new OutboundCall("+12065550199", "+8613800138000", CallPurpose.Service));
Console.WriteLine($"{allowed.Verdict} {denied.Verdict}({denied.Reasons})");
return allowed.IsAllowed && denied.Reasons.Contains(ReasonCode.CallerIdNotApproved) ? 0 : 1;
CS
output=$(dotnet run -c Release 2>&1)
echo "package test app: $output"
[ "$output" = "Allow Deny(caller_id_not_approved)" ] || { echo "package test: unexpected output" >&2; exit 1; }

dotnet tool install ChinaDial.Compliance.Cli --version "$version" --tool-path "$work/tools" --add-source "$work/packages" >/dev/null
classified=$("$work/tools/chinadial" classify +8613800138000 2>/dev/null)
echo "package test tool: $classified"
echo "$classified" | grep -q '"kind":"mobile"' || { echo "package test: the tool did not classify" >&2; exit 1; }
echo "package test: passed"
