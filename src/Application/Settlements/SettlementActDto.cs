using MakCrm.Domain.Access;
using MakCrm.Domain.Settlements;

namespace MakCrm.Application.Settlements;

/// <summary>What a list of acts is narrowed to; drafts are listed only for those who manage settlements.</summary>
public sealed record SettlementActListCriteria(
    DataScope Scope,
    bool DraftsVisible,
    Guid? OrganizationId,
    SettlementActStatus? Status
);

public enum SettlementActSortField
{
    CreatedAt,
}

public static class SettlementCatalog
{
    public static SortCatalog<SettlementActSortField, Contracts.SettlementAct> Sorts { get; } =
        new(
            "settlements",
            "-createdAt",
            ("createdAt", SettlementActSortField.CreatedAt, typeof(DateTimeOffset), a => a.CreatedAt)
        );

    /// <summary>Every organization's acts with <c>settlements.read.all</c>, else the caller's organization's.</summary>
    public static DataScope ScopeOf(ICurrentActor actor) => DataScope.For(actor, Permissions.SettlementsReadAll);

    /// <summary>Drafts are head office's working papers: only those who manage settlements see them.</summary>
    public static bool DraftsVisibleTo(ICurrentActor actor) => actor.Has(Permissions.SettlementsManage);

    public static Error NotFound(Guid id) => Error.NotFound("Settlement act", id);

    /// <summary>An act's number: series А, the year of issue, six digits, e.g. А-2026-000123.</summary>
    public const string Series = "А";

    public static string NumberOf(int year, long sequence) => $"{Series}-{year}-{sequence:000000}";
}

/// <summary>Settlement acts as the API answers them.</summary>
public static class SettlementActAnswers
{
    extension(Contracts.SettlementAct)
    {
        public static Contracts.SettlementAct From(SettlementAct act) =>
            new(
                act.Id,
                act.OrganizationId,
                act.PeriodFrom,
                act.PeriodTo,
                act.Status,
                act.Total,
                act.CorrectsActId,
                act.Number,
                act.IssuedOn,
                act.DocumentId,
                act.Lines,
                act.Acceptance,
                act.Payout,
                act.CreatedAt,
                act.UpdatedAt,
                act.Version
            );
    }
}
