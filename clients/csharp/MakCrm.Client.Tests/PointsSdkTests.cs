using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Points through the SDK: the rules under If-Match, a user's points and entries, the leaderboard.</summary>
public sealed class PointsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task Head_office_replaces_the_rules_under_if_match_and_reads_points_and_the_leaderboard()
    {
        var read = await Api.GetPointRulesAsync();
        read.Result.Rules.Should().HaveCount(6);
        read.ETag.Should().NotBeNullOrEmpty();

        var rules = read.Result.Rules
            .Select(r => new PointRule { Kind = r.Kind, Points = r.Kind == PointSourceKind.Lead_submitted ? 12 : r.Points, DailyCap = r.Kind == PointSourceKind.Lead_submitted ? 60 : r.DailyCap })
            .ToList();
        var replaced = await Api.ReplacePointRulesAsync(read.ETag!, new ReplacePointRulesRequest { Rules = rules });
        replaced.Result.Rules.Should().Contain(r => r.Kind == PointSourceKind.Lead_submitted && r.Points == 12 && r.DailyCap == 60);
        await Expect.ProblemAsync(() => Api.ReplacePointRulesAsync(read.ETag!, new ReplacePointRulesRequest { Rules = rules }), 412, "precondition_failed");
        var negative = rules.Select(r => new PointRule { Kind = r.Kind, Points = -1, DailyCap = null }).ToList();
        await Expect.ProblemAsync(() => Api.ReplacePointRulesAsync(replaced.ETag!, new ReplacePointRulesRequest { Rules = negative }), 400, "validation_failed");

        var mine = (await Api.GetMyPointsAsync()).Result;
        mine.Level.Number.Should().Be(1);
        mine.NextLevel!.Threshold.Should().BeGreaterThan(0);
        (await Api.ListMyPointsEntriesAsync(limit: 10)).Result.Items.Should().NotBeNull();
        var board = (await Api.GetPointsLeaderboardAsync(role: "partner", neighbours: 2)).Result;
        board.Role.Should().Be("partner");
        board.Top.Should().NotBeNull("head office sees the top ten");
        await Expect.ProblemAsync(() => Api.GetUserPointsAsync(Guid.NewGuid()), 404, "not_found");
    }
}
