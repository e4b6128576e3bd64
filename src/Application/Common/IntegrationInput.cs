namespace MakCrm.Application.Common;

/// <summary>The integrator's fields of a request that creates a lead or a client (see
/// <see cref="IntegrationData"/>).</summary>
public sealed record IntegrationInput(
    string? ExternalRef,
    Attribution? Attribution,
    IReadOnlyDictionary<string, string>? Metadata
)
{
    public static IntegrationInput None { get; } = new(null, null, null);

    /// <summary>The data to store, the reference owned by the caller (its API client, or the user).</summary>
    public IntegrationData ToData(ICurrentActor actor) =>
        new(
            ExternalRef is null
                ? null
                : new ExternalReference(ExternalReference.OwnerOf(actor.ClientId, actor.UserId), ExternalRef),
            Attribution,
            Metadata ?? IntegrationMetadata.Empty
        );
}

/// <summary>The limits of the integrator's fields, one set for every request that carries them.</summary>
public static class IntegrationRules
{
    public static IRuleBuilderOptions<T, string?> ValidExternalRef<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(r => r is null || ExternalReference.IsValid(r))
            .WithMessage($"Must be 1 to {ExternalReference.MaxLength} visible ASCII characters (no spaces).");

    public static IRuleBuilderOptions<T, IReadOnlyDictionary<string, string>?> ValidMetadata<T>(
        this IRuleBuilder<T, IReadOnlyDictionary<string, string>?> rule
    ) =>
        rule.Must(m => m is null || m.Count <= IntegrationMetadata.MaxKeys)
            .WithMessage($"Must have at most {IntegrationMetadata.MaxKeys} keys.")
            .Must(m => m is null || m.Keys.All(IntegrationMetadata.IsValidKey))
            .WithMessage(
                $"Each key must be 1 to {IntegrationMetadata.MaxKeyLength} characters of a-z, 0-9, _, . and -."
            )
            .Must(m => m is null || m.Values.All(v => v is not null && v.Length <= IntegrationMetadata.MaxValueLength))
            .WithMessage($"Each value must be a string of at most {IntegrationMetadata.MaxValueLength} characters.");

    /// <summary>The attribution and the metadata of a command that carries an <see cref="IntegrationInput"/>.</summary>
    public static void ValidIntegration<T>(this AbstractValidator<T> validator, Func<T, IntegrationInput> input)
    {
        validator.RuleFor(c => input(c).ExternalRef).ValidExternalRef().OverridePropertyName("externalRef");
        validator
            .RuleFor(c => input(c).Attribution!)
            .SetValidator(new AttributionValidator())
            .OverridePropertyName("attribution")
            .When(c => input(c).Attribution is not null);
        validator.RuleFor(c => input(c).Metadata).ValidMetadata().OverridePropertyName("metadata");
    }
}

/// <summary>The attribution and the metadata of a merge patch: null clears either; the reference is set once, at
/// creation.</summary>
public sealed record IntegrationPatch(
    Patch<Attribution?> Attribution,
    Patch<IReadOnlyDictionary<string, string>?> Metadata
)
{
    public static IntegrationPatch None { get; } = new(default, default);

    public Attribution? AttributionOr(Attribution? current) => Attribution.Or(current);

    public IReadOnlyDictionary<string, string> MetadataOr(IReadOnlyDictionary<string, string> current) =>
        Metadata.IsPresent ? Metadata.Value ?? IntegrationMetadata.Empty : current;
}

public static class IntegrationPatchRules
{
    public static void ValidIntegrationPatch<T>(this AbstractValidator<T> validator, Func<T, IntegrationPatch> patch)
    {
        validator
            .RuleFor(c => patch(c).Attribution.Value!)
            .SetValidator(new AttributionValidator())
            .OverridePropertyName("attribution")
            .When(c => patch(c).Attribution is { IsPresent: true, Value: not null });
        validator
            .RuleFor(c => patch(c).Metadata.Value)
            .ValidMetadata()
            .OverridePropertyName("metadata")
            .When(c => patch(c).Metadata.IsPresent);
    }
}

internal sealed class AttributionValidator : AbstractValidator<Attribution>
{
    public AttributionValidator()
    {
        RuleFor(a => a.UtmSource).OptionalText(Attribution.MaxUtmLength);
        RuleFor(a => a.UtmMedium).OptionalText(Attribution.MaxUtmLength);
        RuleFor(a => a.UtmCampaign).OptionalText(Attribution.MaxUtmLength);
        RuleFor(a => a.UtmContent).OptionalText(Attribution.MaxUtmLength);
        RuleFor(a => a.UtmTerm).OptionalText(Attribution.MaxUtmLength);
        RuleFor(a => a.LandingUrl)
            .Must(u => string.IsNullOrWhiteSpace(u) || Attribution.IsValidUrl(u.Trim()))
            .WithMessage($"Must be an absolute http or https URL of at most {Attribution.MaxUrlLength} characters.");
        RuleFor(a => a.Referrer)
            .Must(u => string.IsNullOrWhiteSpace(u) || Attribution.IsValidUrl(u.Trim()))
            .WithMessage($"Must be an absolute http or https URL of at most {Attribution.MaxUrlLength} characters.");
    }
}
