using MakCrm.Domain.Clients;

namespace MakCrm.Application.Clients;

/// <summary>
/// Consent as a request gives it: <c>givenAt</c> with <c>textVersion</c> records a consent (replacing any earlier
/// one), optionally already withdrawn; <c>withdrawnAt</c> alone withdraws the consent the client has.
/// </summary>
public sealed record ClientConsentInput(DateTimeOffset? GivenAt, string? TextVersion, DateTimeOffset? WithdrawnAt)
{
    /// <summary>How far ahead of the server's clock a caller's "now" may be: clocks are never quite in step.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The consent the client has after this input is applied to the one it has now.</summary>
    public Result<ClientConsent> ApplyTo(ClientConsent? current)
    {
        if (GivenAt is { } givenAt)
        {
            return new ClientConsent(givenAt, TextVersion!, WithdrawnAt);
        }

        if (current is null)
        {
            return Error.Validation(
                "consent.withdrawnAt",
                "The client has no consent to withdraw; give givenAt and textVersion to record one."
            );
        }

        return WithdrawnAt < current.GivenAt
            ? Error.Validation("consent.withdrawnAt", "Must not be earlier than the consent's givenAt.")
            : current with
            {
                WithdrawnAt = WithdrawnAt,
            };
    }
}

internal sealed class ClientConsentInputValidator : AbstractValidator<ClientConsentInput>
{
    public ClientConsentInputValidator(TimeProvider clock, bool withdrawalAlone)
    {
        bool NotInFuture(DateTimeOffset? at) => at is null || at <= clock.GetUtcNow() + ClientConsentInput.ClockSkew;

        RuleFor(c => c.GivenAt)
            .NotNull()
            .When(c => !withdrawalAlone || c.TextVersion is not null || c.WithdrawnAt is null)
            .WithMessage(
                withdrawalAlone ? "Is required, unless withdrawnAt alone withdraws the consent." : "Is required."
            );
        RuleFor(c => c.GivenAt).Must(NotInFuture).WithMessage("Must not be in the future.");
        RuleFor(c => c.TextVersion)
            .Must(v => !string.IsNullOrWhiteSpace(v))
            .When(c => c.GivenAt is not null)
            .WithMessage("Is required with givenAt.");
        RuleFor(c => c.TextVersion)
            .MaximumLength(ClientConsent.MaxTextVersionLength)
            .WithMessage($"Must be at most {ClientConsent.MaxTextVersionLength} characters.");
        RuleFor(c => c.WithdrawnAt).Must(NotInFuture).WithMessage("Must not be in the future.");
        RuleFor(c => c.WithdrawnAt)
            .Must((c, at) => at is null || c.GivenAt is null || at >= c.GivenAt)
            .WithMessage("Must not be earlier than givenAt.");
    }
}
