using MakCrm.Domain.Consents;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Consents;

/// <summary>
/// The consents a lead comes with. The lead's single <c>consent</c> (time and text version, as forms have always
/// sent it) is the <see cref="ConsentPurpose.PersonalDataProcessing"/> consent; <c>consents</c> gives one per purpose.
/// Each becomes a consent record of the lead's client, and the processing one is also the lead's own
/// <see cref="LeadConsent"/>.
/// </summary>
public sealed record LeadConsents(LeadConsent? OfLead, IReadOnlyList<ConsentGiven> Records)
{
    public static LeadConsents None { get; } = new(null, []);

    /// <summary>The consents of a request, their source defaulting to <c>platform</c> for an API client and to
    /// <c>form</c> for a user. <paramref name="single"/> and the items have been validated.</summary>
    public static LeadConsents Of(
        Contracts.LeadConsentInput? single,
        IReadOnlyList<Contracts.LeadConsentItem>? items,
        ICurrentActor actor
    )
    {
        var byDefault = actor.UserId is null ? ConsentSource.Platform : ConsentSource.Form;
        var all = (items ?? []).ToList();
        if (single is not null)
        {
            all.Insert(
                0,
                new Contracts.LeadConsentItem
                {
                    Purpose = ConsentPurpose.PersonalDataProcessing,
                    GivenAt = single.GivenAt,
                    TextVersion = single.TextVersion,
                }
            );
        }

        var records = all.Select(item => new ConsentGiven(
                Guid.Empty,
                item.Purpose,
                item.TextVersion,
                item.GivenAt.ToMicroseconds(),
                item.Source ?? byDefault,
                ExpiresAt: item.ExpiresAt?.ToMicroseconds()
            ))
            .ToList();
        var processing = records.FirstOrDefault(r => r.Purpose == ConsentPurpose.PersonalDataProcessing);
        return new(processing is null ? null : new LeadConsent(processing.GivenAt, processing.TextVersion), records);
    }
}

/// <summary>The checks of a request's <c>consent</c> and <c>consents</c>.</summary>
internal static class LeadConsentRules
{
    public static void ValidLeadConsents<T>(
        this AbstractValidator<T> validator,
        Func<T, Contracts.LeadConsentInput?> single,
        Func<T, IReadOnlyList<Contracts.LeadConsentItem>?> items,
        TimeProvider clock
    )
    {
        validator
            .RuleFor(c => items(c))
            .Must(list => list is null || list.Select(i => i.Purpose).Distinct().Count() == list.Count)
            .WithMessage("Must give each purpose at most once.")
            .Must(
                (c, list) =>
                    single(c) is null
                    || list is null
                    || list.All(i => i.Purpose != ConsentPurpose.PersonalDataProcessing)
            )
            .WithMessage("Must not give personal_data_processing when consent gives it.")
            .OverridePropertyName("consents");
        validator
            .RuleForEach(c => items(c))
            .ChildRules(item =>
            {
                item.RuleFor(i => i.GivenAt).NotInFuture(clock);
                item.RuleFor(i => i.TextVersion).RequiredText(Consent.MaxTextVersionLength);
                item.RuleFor(i => i.Source)
                    .Must(source => source != ConsentSource.PaperScan)
                    .WithMessage("A paper scan is recorded with its document through POST /api/v1/consents.");
                item.RuleFor(i => i.ExpiresAt).ValidExpiry(i => i.Purpose, i => i.GivenAt);
            })
            .OverridePropertyName("consents");
    }
}
