using MakCrm.Application.Commissions;
using MakCrm.Contracts;
using MakCrm.Domain.Leads;
using CommissionQuoteNextGrade = MakCrm.Contracts.CommissionQuoteNextGrade;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class CommissionsMappings
{
    /// <summary>A new commission rule (schema <c>CreateCommissionRuleRequest</c>); which fields it needs depends on
    /// <c>kind</c>.</summary>
    extension(CreateCommissionRuleRequest request)
    {
        public CreateCommissionRuleCommand ToCommand() =>
            new(
                new Domain.Commissions.CommissionRuleSpec(
                    request.Kind,
                    request.EffectiveFrom,
                    request.BankCode,
                    request.Product,
                    request.BaseMethod,
                    request.Rate,
                    request.Grade,
                    request.HoldDays
                )
            );
    }

    /// <summary>The profit calculator's question (schema <c>CommissionQuoteRequest</c>).</summary>
    extension(CommissionQuoteRequest request)
    {
        public QuoteCommissionQuery ToQuery() =>
            new(
                request.BankCode,
                request.Product,
                request.Amount,
                request.TermMonths,
                request.Fee,
                request.Grade,
                request.CreditProgrammeId
            );
    }

    /// <summary>The profit calculator's answer (schema <c>CommissionQuote</c>).</summary>
    extension(CommissionQuote)
    {
        public static CommissionQuote From(CommissionQuoteDto q) =>
            new(
                q.On,
                q.BankCode,
                q.Product,
                q.Amount,
                q.TermMonths,
                q.BaseMethod,
                q.BaseRate,
                q.Base,
                q.Grade,
                q.Share,
                q.Income,
                q.NextGrade is { } n ? new CommissionQuoteNextGrade(n.Grade, n.Share, n.Income) : null,
                q.Level2Share,
                q.Level2Income,
                q.HoldDays,
                q.CreditProgrammeId
            );
    }

    /// <summary>A bonus in money for an organization (schema <c>RecordCommissionBonusRequest</c>).</summary>
    extension(RecordCommissionBonusRequest request)
    {
        public RecordCommissionBonusCommand ToCommand() =>
            new(
                request.OrganizationId,
                request.Amount,
                request.Reason,
                request.Rewards is { } r ? new CommissionBonusRewardsSpec(r.UserId, r.Month) : null
            );
    }
}
