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
    public void The_first_strong_tag_is_the_expected_version(string header, int version)
    {
        var check = ETag.IfMatch(header);

        check.Tag.Should().Be(version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        check.IfPresent(version).IsSuccess.Should().BeTrue();
    }

    [Fact]
    public void A_content_tag_matches_that_content_only()
    {
        var tag = ContentTag.Of(new { name = "Анна", role = "partner" });
        var check = ETag.IfMatch($"\"{tag}\"");

        check.IfPresent(tag).IsSuccess.Should().BeTrue();
        check
            .IfPresent(ContentTag.Of(new { name = "Анна", role = "guest" }))
            .Error!.Code.Should()
            .Be("precondition_failed");
        check.IfPresent(3).Error!.Code.Should().Be("precondition_failed");
    }

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
