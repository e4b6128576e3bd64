using MakCrm.Application.Points;
using MakCrm.Contracts;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class PointsMappings
{
    /// <summary>One point rule (schema <c>PointRule</c>).</summary>
    extension(PointRule)
    {
        public static PointRule From(Domain.Points.PointRule rule) =>
            new()
            {
                Kind = rule.Kind,
                Points = rule.Points,
                DailyCap = rule.DailyCap,
            };
    }
    extension(PointRule pointRule)
    {
        public Domain.Points.PointRule ToRule() => new(pointRule.Kind, pointRule.Points, pointRule.DailyCap);
    }

    /// <summary>Head office's point rules, one per source kind (schema <c>PointRules</c>).</summary>
    extension(PointRules)
    {
        public static PointRules From(PointRuleSetDto dto) =>
            new(dto.Rules.Select(PointRule.From).ToList(), dto.UpdatedAt, dto.Version);
    }

    /// <summary>The whole rule set to replace (schema <c>ReplacePointRulesRequest</c>).</summary>
    extension(ReplacePointRulesRequest request)
    {
        public ReplacePointRulesCommand ToCommand(VersionCheck ifMatch) =>
            new(ifMatch, request.Rules.Select(r => r.ToRule()).ToList());
    }

    /// <summary>A level of the level table (schema <c>PointLevel</c>).</summary>
    extension(PointLevel)
    {
        public static PointLevel? From(Domain.Points.PointLevel? level) =>
            level is null ? null : new(level.Number, level.Name, level.Threshold);
    }

    /// <summary>A badge earned (schema <c>PointBadge</c>).</summary>
    extension(PointBadge)
    {
        public static PointBadge From(Domain.Points.PointBadge badge) =>
            new(badge.Code, badge.Name, badge.Kind, badge.Count);
    }

    /// <summary>A user's balance, level and badges (schema <c>PointsSummary</c>).</summary>
    extension(PointsSummary)
    {
        public static PointsSummary From(PointsSummaryDto dto) =>
            new(
                dto.UserId,
                dto.Balance,
                PointLevel.From(dto.Level)!,
                PointLevel.From(dto.NextLevel),
                dto.Badges.Select(PointBadge.From).ToList()
            );
    }

    /// <summary>A month's leaderboard of a role around the caller (schema <c>PointsLeaderboard</c>).</summary>
    extension(PointsLeaderboard)
    {
        public static PointsLeaderboard From(LeaderboardDto dto) =>
            new(
                dto.Month,
                dto.Role,
                dto.Participants,
                dto.Me is null ? null : LeaderboardRow.From(dto.Me),
                dto.Above.Select(LeaderboardRow.From).ToList(),
                dto.Below.Select(LeaderboardRow.From).ToList(),
                dto.Top?.Select(LeaderboardRow.From).ToList()
            );
    }
}
