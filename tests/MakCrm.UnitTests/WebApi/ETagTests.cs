using MakCrm.Application.Common;
using MakCrm.WebApi.Http;

namespace MakCrm.UnitTests.WebApi;

public sealed class ETagTests
{
    [Fact]
    public void A_version_is_a_strong_quoted_tag() => ETag.For(3).Should().Be("\"3\"");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void No_header_is_missing(string? header) => ETag.IfMatch(header).Should().Be(VersionCheck.Missing);

    [Fact]
    public void Star_matches_any_version() => ETag.IfMatch("*").Should().Be(VersionCheck.Any);

    [Theory]
    [InlineData("\"3\"", 3)]
    [InlineData("\"7\", \"3\"", 7)]
    [InlineData("W/\"2\", \"3\"", 3)]
    public void The_first_strong_numeric_tag_is_the_expected_version(string header, int version) =>
        ETag.IfMatch(header).Version.Should().Be(version);

    [Theory]
    [InlineData("W/\"3\"")]
    [InlineData("3")]
    [InlineData("\"abc\"")]
    [InlineData("\"\"")]
    public void Weak_unquoted_or_foreign_tags_never_match(string header)
    {
        var check = ETag.IfMatch(header);

        check.Present.Should().BeTrue();
        check.Require(3).Error!.Code.Should().Be("precondition_failed");
    }
}
