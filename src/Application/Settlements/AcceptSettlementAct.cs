using System.Globalization;
using System.Security.Cryptography;
using MakCrm.Application.Abstractions.Mail;
using MakCrm.Domain.Settlements;

namespace MakCrm.Application.Settlements;

/// <summary>
/// The partner's user who is about to accept an issued act asks for a one-time code; it is e-mailed to that user
/// (a new request replaces the earlier code). Acceptance is a person's signature: an API client cannot ask.
/// </summary>
public sealed record RequestAcceptanceCodeCommand(Guid Id) : ICommand<Contracts.SettlementAcceptanceCodeSent>;

internal sealed class RequestAcceptanceCodeHandler(
    ISettlementRepository settlements,
    IPasswords accounts,
    IMailOutbox mail,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<RequestAcceptanceCodeCommand, Contracts.SettlementAcceptanceCodeSent>
{
    public async Task<Result<Contracts.SettlementAcceptanceCodeSent>> Handle(
        RequestAcceptanceCodeCommand command,
        CancellationToken cancellationToken
    )
    {
        var signer = await SettlementSigner.FindAsync(settlements, actor, command.Id, cancellationToken);
        if (!signer.IsSuccess)
        {
            return signer.Error!;
        }

        var (act, userId) = signer.Value;
        var allowed = act.CanBeAccepted();
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        if (await accounts.FindAsync(userId, cancellationToken) is not { } holder)
        {
            return SettlementCatalog.NotFound(command.Id);
        }

        var now = clock.UtcNowMicroseconds();
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("000000", CultureInfo.InvariantCulture);
        var challenge = AcceptanceChallenge.Issue(clock.NewId(), act.Id, userId, SecretHash.Of(code), now);
        settlements.AddChallenge(challenge);
        mail.Add(
            new MailDraft(
                holder.Email,
                "settlement_acceptance_code",
                new Dictionary<string, object?>
                {
                    ["fullName"] = holder.FullName,
                    ["number"] = act.Number,
                    ["total"] = Money.Print(act.Total),
                    ["code"] = code,
                    ["minutes"] = (int)AcceptanceChallenge.Lifetime.TotalMinutes,
                }
            )
        );
        return new Contracts.SettlementAcceptanceCodeSent(challenge.ExpiresAt);
    }
}

/// <summary>
/// Accepts an issued act with the code the signer received: the signature records the signer, the time, the address
/// the request came from and the SHA-256 of the act's document, so it is bound to exactly that file.
/// </summary>
public sealed record AcceptSettlementActCommand(Guid Id, string Code) : ICommand<AcceptanceOutcome>;

/// <summary>
/// The act accepted, or the code refused. A refusal is an outcome, not a failure, so that the unit of work commits the
/// spent attempt: otherwise a rolled-back attempt would let a guesser try codes without end.
/// </summary>
public sealed record AcceptanceOutcome(Contracts.SettlementAct? Act, Error? Refusal);

internal sealed class AcceptSettlementActValidator : AbstractValidator<AcceptSettlementActCommand>
{
    public AcceptSettlementActValidator()
    {
        RuleFor(c => c.Code).NotEmpty().MaximumLength(16);
    }
}

internal sealed class AcceptSettlementActHandler(
    ISettlementRepository settlements,
    IDocumentRepository documents,
    ICurrentActor actor,
    IRequestContext request,
    TimeProvider clock
) : ICommandHandler<AcceptSettlementActCommand, AcceptanceOutcome>
{
    public async Task<Result<AcceptanceOutcome>> Handle(
        AcceptSettlementActCommand command,
        CancellationToken cancellationToken
    )
    {
        var signer = await SettlementSigner.FindAsync(settlements, actor, command.Id, cancellationToken);
        if (!signer.IsSuccess)
        {
            return signer.Error!;
        }

        var (act, userId) = signer.Value;
        var allowed = act.CanBeAccepted();
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        var now = clock.UtcNowMicroseconds();
        var challenge = await settlements.LatestChallengeAsync(act.Id, userId, cancellationToken);
        var answered =
            challenge?.Answer(SecretHash.Of(command.Code.Trim()), now)
            ?? new AcceptanceCodeMustMatch(
                AcceptanceChallenge.Issue(Guid.Empty, act.Id, userId, "", now),
                "-",
                now
            ).Error;
        if (!answered.IsSuccess)
        {
            return new AcceptanceOutcome(null, answered.Error);
        }

        var document =
            await documents.FindAsync(act.DocumentId!.Value, DataScope.All, cancellationToken)
            ?? throw new InvalidOperationException($"The document of act {act.Id} is missing.");
        var accepted = act.Accept(new SettlementAcceptance(userId, now, request.IpAddress, document.Sha256), now);
        return accepted.IsSuccess ? new AcceptanceOutcome(Contracts.SettlementAct.From(act), null) : accepted.Error!;
    }
}

/// <summary>The act a user of its organization may sign: issued acts of the caller's own organization, for a
/// user.</summary>
internal static class SettlementSigner
{
    public static async Task<Result<(SettlementAct Act, Guid UserId)>> FindAsync(
        ISettlementRepository settlements,
        ICurrentActor actor,
        Guid id,
        CancellationToken cancellationToken
    )
    {
        if (
            await settlements.FindAsync(
                id,
                new DataScope(actor.OrganizationId),
                draftsVisible: false,
                cancellationToken
            )
            is not { } act
        )
        {
            return SettlementCatalog.NotFound(id);
        }

        if (actor.UserId is not { } userId)
        {
            return new Error(
                ErrorCodes.Forbidden,
                "An act is accepted by a person: sign in as a user of the organization.",
                ErrorKind.Forbidden
            );
        }

        return (act, userId);
    }
}
