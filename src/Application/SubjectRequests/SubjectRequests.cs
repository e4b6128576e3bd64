using System.Globalization;
using System.Security.Cryptography;
using MakCrm.Application.Abstractions.Mail;
using MakCrm.Application.Abstractions.Storage;
using MakCrm.Application.Documents;
using MakCrm.Domain.Access;
using MakCrm.Domain.Consents;
using MakCrm.Domain.Documents;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.SubjectRequests;

namespace MakCrm.Application.SubjectRequests;

/// <summary>
/// Whose requests a caller reads (<c>subject_requests.read</c>): with <c>subject_requests.read.all</c> (head office)
/// every organization's, otherwise those about the caller's organization's clients.
/// </summary>
public static class SubjectRequestScope
{
    public static DataScope Of(ICurrentActor actor) => DataScope.For(actor, Permissions.SubjectRequestsReadAll);
}

public sealed record SubjectRequestFilter(
    SubjectRequestStatus? Status,
    SubjectRequestKind? Kind,
    Guid? ClientId,
    DateOnly? DueBefore
);

public enum SubjectRequestSortField
{
    ReceivedAt,
    DueOn,
}

public static class SubjectRequestSorts
{
    public static SortCatalog<SubjectRequestSortField, Contracts.SubjectRequest> Catalog { get; } =
        new(
            "subject_requests",
            "-receivedAt",
            ("receivedAt", SubjectRequestSortField.ReceivedAt, typeof(DateTimeOffset), d => d.ReceivedAt),
            ("dueOn", SubjectRequestSortField.DueOn, typeof(DateOnly), d => d.DueOn)
        );
}

public sealed record SubjectRequestListCriteria(
    DataScope Scope,
    SubjectRequestFilter Filter,
    SortOption<SubjectRequestSortField> Sort,
    KeysetPosition? After,
    int Take
);

public sealed record ListSubjectRequestsQuery(
    SubjectRequestStatus? Status,
    SubjectRequestKind? Kind,
    Guid? ClientId,
    DateOnly? DueBefore,
    string? Sort,
    string? Cursor,
    int? Limit
) : IQuery<Page<Contracts.SubjectRequest>>;

public sealed record GetSubjectRequestQuery(Guid Id) : IQuery<Contracts.SubjectRequest>;

public sealed record CreateSubjectRequestCommand(
    Guid ClientId,
    SubjectRequestKind Kind,
    SubjectRequestChannel Channel,
    string? Details,
    IReadOnlyList<ConsentPurpose> Purposes
) : ICommand<Contracts.SubjectRequest>;

public sealed record SendSubjectRequestCodeCommand(Guid Id, Contracts.SubjectCodeChannel Channel)
    : ICommand<Contracts.SubjectRequestCodeSent>;

public sealed record VerifySubjectRequestCommand(
    Guid Id,
    VersionCheck IfMatch,
    SubjectVerificationMethod Method,
    string? Code,
    Guid? DocumentId
) : ICommand<SubjectVerificationOutcome>;

/// <summary>
/// The request verified, or the code refused. A refusal is an outcome, not a failure, so that the unit of work commits
/// the spent attempt: a rolled-back attempt would let a guesser try codes without end.
/// </summary>
public sealed record SubjectVerificationOutcome(Contracts.SubjectRequest? Request, Error? Refusal);

public sealed record ExtendSubjectRequestCommand(Guid Id, VersionCheck IfMatch, string Reason)
    : ICommand<Contracts.SubjectRequest>;

public sealed record AnswerSubjectRequestCommand(Guid Id, VersionCheck IfMatch, string Text)
    : ICommand<Contracts.SubjectRequest>;

public sealed record RefuseSubjectRequestCommand(Guid Id, VersionCheck IfMatch, string Reason)
    : ICommand<Contracts.SubjectRequest>;

public sealed record CloseSubjectRequestCommand(Guid Id, VersionCheck IfMatch) : ICommand<Contracts.SubjectRequest>;

internal sealed class ListSubjectRequestsValidator : AbstractValidator<ListSubjectRequestsQuery>
{
    public ListSubjectRequestsValidator()
    {
        RuleFor(q => q.Sort).ValidSort(SubjectRequestSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

internal sealed class CreateSubjectRequestValidator : AbstractValidator<CreateSubjectRequestCommand>
{
    public CreateSubjectRequestValidator()
    {
        RuleFor(c => c.ClientId).NotEmpty();
        RuleFor(c => c.Details).OptionalText(SubjectRequest.MaxTextLength);
        RuleFor(c => c.Purposes)
            .NotEmpty()
            .WithMessage("A consent withdrawal names the purposes whose consents it withdraws.")
            .When(c => c.Kind == SubjectRequestKind.ConsentWithdrawal);
        RuleFor(c => c.Purposes)
            .Empty()
            .WithMessage("Only a consent withdrawal names purposes.")
            .When(c => c.Kind != SubjectRequestKind.ConsentWithdrawal);
        RuleForEach(c => c.Purposes).IsInEnum();
    }
}

internal sealed class VerifySubjectRequestValidator : AbstractValidator<VerifySubjectRequestCommand>
{
    public VerifySubjectRequestValidator()
    {
        When(
            c => c.Method is SubjectVerificationMethod.EmailCode or SubjectVerificationMethod.PhoneCode,
            () =>
            {
                RuleFor(c => c.Code).NotEmpty().MaximumLength(16);
                RuleFor(c => c.DocumentId).Null().WithMessage("Only a paper verification names a document.");
            }
        );
        When(
            c => c.Method == SubjectVerificationMethod.Paper,
            () =>
            {
                RuleFor(c => c.DocumentId).NotNull().NotEqual(Guid.Empty).WithMessage("Name the scan's document.");
                RuleFor(c => c.Code)
                    .Null()
                    .WithMessage("Only a code verification (email_code, phone_code) takes a code.");
            }
        );
    }
}

internal sealed class ExtendSubjectRequestValidator : AbstractValidator<ExtendSubjectRequestCommand>
{
    public ExtendSubjectRequestValidator() => RuleFor(c => c.Reason).RequiredText(SubjectRequest.MaxReasonLength);
}

internal sealed class RefuseSubjectRequestValidator : AbstractValidator<RefuseSubjectRequestCommand>
{
    public RefuseSubjectRequestValidator() => RuleFor(c => c.Reason).RequiredText(SubjectRequest.MaxReasonLength);
}

internal sealed class AnswerSubjectRequestValidator : AbstractValidator<AnswerSubjectRequestCommand>
{
    public AnswerSubjectRequestValidator() => RuleFor(c => c.Text).RequiredText(SubjectRequest.MaxTextLength);
}

internal sealed class ListSubjectRequestsHandler(
    ISubjectRequestRepository repository,
    ICurrentActor actor,
    SubjectRequestClock requestClock,
    TimeProvider clock
) : IQueryHandler<ListSubjectRequestsQuery, Page<Contracts.SubjectRequest>>
{
    public async Task<Result<Page<Contracts.SubjectRequest>>> Handle(
        ListSubjectRequestsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(SubjectRequestSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var filter = new SubjectRequestFilter(query.Status, query.Kind, query.ClientId, query.DueBefore);
        var criteria = new SubjectRequestListCriteria(SubjectRequestScope.Of(actor), filter, sort, after, limit + 1);
        var today = requestClock.DayOf(clock.GetUtcNow());
        var rows = await repository.ListAsync(criteria, cancellationToken);
        var answers = rows.Select(row => SubjectRequestAnswers.Of(row, today)).ToList();
        return ListPaging.ToPage(SubjectRequestSorts.Catalog, sort, answers, limit, d => d.Id);
    }
}

internal sealed class GetSubjectRequestHandler(
    ISubjectRequestRepository repository,
    ICurrentActor actor,
    SubjectRequestClock requestClock,
    TimeProvider clock
) : IQueryHandler<GetSubjectRequestQuery, Contracts.SubjectRequest>
{
    public async Task<Result<Contracts.SubjectRequest>> Handle(
        GetSubjectRequestQuery query,
        CancellationToken cancellationToken
    ) =>
        await repository.FindAsync(query.Id, SubjectRequestScope.Of(actor), cancellationToken) is { } found
            ? SubjectRequestAnswers.Of(found, requestClock.DayOf(clock.GetUtcNow()))
            : SubjectRequestAnswers.NotFound(query.Id);
}

internal sealed class CreateSubjectRequestHandler(
    ISubjectRequestRepository repository,
    IClientRepository clients,
    ICurrentActor actor,
    SubjectRequestClock requestClock,
    TimeProvider clock
) : ICommandHandler<CreateSubjectRequestCommand, Contracts.SubjectRequest>
{
    public async Task<Result<Contracts.SubjectRequest>> Handle(
        CreateSubjectRequestCommand command,
        CancellationToken cancellationToken
    )
    {
        if (command.Channel == SubjectRequestChannel.HeadOffice && !actor.Has(Permissions.SubjectRequestsManage))
        {
            return Error.Validation("channel", "Only head office registers a request it received itself.");
        }

        var scope = DataScope.For(actor, Permissions.ClientsReadAll);
        var client = await clients.FindAsync(command.ClientId, scope, RowLock.Share, cancellationToken);
        if (client is null)
        {
            return Error.Validation("clientId", $"No client has the id {command.ClientId}.");
        }

        var now = clock.UtcNowMicroseconds();
        var request = SubjectRequest.Register(
            clock.NewId(),
            client.Id,
            client.OrganizationId,
            command.Kind,
            command.Purposes,
            command.Channel,
            command.Details,
            actor.UserId,
            requestClock,
            now
        );
        repository.Add(request);
        return SubjectRequestAnswers.Of(request, requestClock.DayOf(now));
    }
}

/// <summary>Sends the person a one-time code to the contact on record (never one the asker gives): by e-mail or by
/// SMS.</summary>
internal sealed class SendSubjectRequestCodeHandler(
    ISubjectRequestRepository repository,
    IClientRepository clients,
    IMailOutbox mail,
    ISmsOutbox sms,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<SendSubjectRequestCodeCommand, Contracts.SubjectRequestCodeSent>
{
    private const string Template = "subject_request_code";

    public async Task<Result<Contracts.SubjectRequestCodeSent>> Handle(
        SendSubjectRequestCodeCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await repository.FindAsync(command.Id, SubjectRequestScope.Of(actor), cancellationToken) is not { } request)
        {
            return SubjectRequestAnswers.NotFound(command.Id);
        }

        var open = request.CanBeVerified();
        if (!open.IsSuccess)
        {
            return open.Error!;
        }

        var client = await clients.FindAsync(request.ClientId, DataScope.All, RowLock.None, cancellationToken);
        var bySms = command.Channel == Contracts.SubjectCodeChannel.Sms;
        if ((bySms ? client?.Phone : client?.Email) is not { } contact)
        {
            return new Error(
                ErrorCodes.SubjectContactMissing,
                "The client has no e-mail on record to send a code to; send it by SMS, or verify the request on paper.",
                ErrorKind.Conflict
            );
        }

        var now = clock.UtcNowMicroseconds();
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("000000", CultureInfo.InvariantCulture);
        var challenge = SubjectRequestChallenge.Issue(clock.NewId(), request.Id, contact, SecretHash.Of(code), now);
        repository.AddChallenge(challenge);
        var values = new Dictionary<string, object?>
        {
            ["fullName"] = client!.FullName,
            ["code"] = code,
            ["minutes"] = (int)SubjectRequestChallenge.Lifetime.TotalMinutes,
        };
        if (bySms)
        {
            sms.Add(new SmsDraft(contact, Template, values));
        }
        else
        {
            mail.Add(new MailDraft(contact, Template, values));
        }

        return new Contracts.SubjectRequestCodeSent(
            command.Channel,
            bySms ? MaskedPhone(contact) : MaskedEmail(contact),
            challenge.ExpiresAt
        );
    }

    /// <summary>The address with its local part hidden but for its first character.</summary>
    private static string MaskedEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "***" : $"{email[0]}***{email[at..]}";
    }

    /// <summary>The number with all but its country code and last four digits hidden.</summary>
    private static string MaskedPhone(string phone) =>
        phone.Length <= 6 ? "***" : $"{phone[..2]}{new string('*', phone.Length - 6)}{phone[^4..]}";
}

internal sealed class VerifySubjectRequestHandler(
    ISubjectRequestRepository repository,
    IClientRepository clients,
    IDocumentRepository documents,
    ICurrentActor actor,
    SubjectRequestClock requestClock,
    TimeProvider clock
) : ICommandHandler<VerifySubjectRequestCommand, SubjectVerificationOutcome>
{
    public async Task<Result<SubjectVerificationOutcome>> Handle(
        VerifySubjectRequestCommand command,
        CancellationToken cancellationToken
    )
    {
        var paper = command.Method == SubjectVerificationMethod.Paper;
        if (paper && !actor.Has(Permissions.SubjectRequestsManage))
        {
            return new Error(
                ErrorCodes.Forbidden,
                "Only head office attests a paper request (subject_requests.manage).",
                ErrorKind.Forbidden
            );
        }

        var found = await SubjectRequestAnswers.FindAsync(
            repository,
            actor,
            command.Id,
            command.IfMatch,
            cancellationToken
        );
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var request = found.Value;
        var now = clock.UtcNowMicroseconds();
        if (paper)
        {
            if (await documents.GetAsync(command.DocumentId!.Value, DataScope.All, cancellationToken) is null)
            {
                return Error.Validation("documentId", $"No document has the id {command.DocumentId}.");
            }
        }
        else if (request.CanBeVerified().IsSuccess)
        {
            var challenge = await repository.LatestChallengeAsync(request.Id, cancellationToken);
            var client = await clients.FindAsync(request.ClientId, DataScope.All, RowLock.None, cancellationToken);
            // The code answers only for the contact it was sent to, still on record: a code sent by SMS does not
            // verify an e-mail code, nor one sent before the contact changed.
            var onRecord = command.Method == SubjectVerificationMethod.PhoneCode ? client?.Phone : client?.Email;
            var answered =
                challenge?.Answer(SecretHash.Of(command.Code!.Trim()), onRecord ?? "", now)
                ?? SubjectRequestChallenge.Invalid;
            if (!answered.IsSuccess)
            {
                return new SubjectVerificationOutcome(null, answered.Error);
            }
        }

        var verified = request.Verify(command.Method, paper ? command.DocumentId : null, now);
        return verified.IsSuccess
            ? new SubjectVerificationOutcome(SubjectRequestAnswers.Of(request, requestClock.DayOf(now)), null)
            : verified.Error!;
    }
}

internal sealed class ExtendSubjectRequestHandler(
    ISubjectRequestRepository repository,
    ICurrentActor actor,
    SubjectRequestClock requestClock,
    TimeProvider clock
) : ICommandHandler<ExtendSubjectRequestCommand, Contracts.SubjectRequest>
{
    public Task<Result<Contracts.SubjectRequest>> Handle(
        ExtendSubjectRequestCommand command,
        CancellationToken cancellationToken
    ) =>
        SubjectRequestAnswers.StepAsync(
            repository,
            actor,
            (command.Id, command.IfMatch),
            requestClock,
            clock,
            (request, now) => request.Extend(command.Reason, requestClock, now),
            cancellationToken
        );
}

internal sealed class RefuseSubjectRequestHandler(
    ISubjectRequestRepository repository,
    ICurrentActor actor,
    SubjectRequestClock requestClock,
    TimeProvider clock
) : ICommandHandler<RefuseSubjectRequestCommand, Contracts.SubjectRequest>
{
    public Task<Result<Contracts.SubjectRequest>> Handle(
        RefuseSubjectRequestCommand command,
        CancellationToken cancellationToken
    ) =>
        SubjectRequestAnswers.StepAsync(
            repository,
            actor,
            (command.Id, command.IfMatch),
            requestClock,
            clock,
            (request, now) => request.Refuse(command.Reason, now),
            cancellationToken
        );
}

internal sealed class CloseSubjectRequestHandler(
    ISubjectRequestRepository repository,
    ICurrentActor actor,
    SubjectRequestClock requestClock,
    TimeProvider clock
) : ICommandHandler<CloseSubjectRequestCommand, Contracts.SubjectRequest>
{
    public Task<Result<Contracts.SubjectRequest>> Handle(
        CloseSubjectRequestCommand command,
        CancellationToken cancellationToken
    ) =>
        SubjectRequestAnswers.StepAsync(
            repository,
            actor,
            (command.Id, command.IfMatch),
            requestClock,
            clock,
            (request, now) => request.Close(now),
            cancellationToken
        );
}

/// <summary>
/// Answers a verified request; an access request's answer is the archive of the person's data, stored in head
/// office's documents (not on the client, whose organization must not read other organizations' data about the
/// person).
/// </summary>
internal sealed class AnswerSubjectRequestHandler(
    ISubjectRequestRepository repository,
    IConsentRepository consents,
    ISubjectDataArchive archive,
    IDocumentRepository documents,
    IDocumentStorage storage,
    IUnitOfWork unitOfWork,
    ICurrentActor actor,
    SubjectRequestClock requestClock,
    TimeProvider clock
) : ICommandHandler<AnswerSubjectRequestCommand, Contracts.SubjectRequest>
{
    public async Task<Result<Contracts.SubjectRequest>> Handle(
        AnswerSubjectRequestCommand command,
        CancellationToken cancellationToken
    )
    {
        var found = await SubjectRequestAnswers.FindAsync(
            repository,
            actor,
            command.Id,
            command.IfMatch,
            cancellationToken
        );
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var request = found.Value;
        var now = clock.UtcNowMicroseconds();
        var allowed = request.CanBeAnswered();
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        Guid? documentId = null;
        if (request.Kind == SubjectRequestKind.Access)
        {
            documentId = await StoreArchiveAsync(request, now, cancellationToken);
        }
        else if (request.Kind == SubjectRequestKind.ConsentWithdrawal)
        {
            await WithdrawConsentsAsync(request, now, cancellationToken);
        }

        var answered = request.Respond(command.Text, documentId, now);
        return answered.IsSuccess ? SubjectRequestAnswers.Of(request, requestClock.DayOf(now)) : answered.Error!;
    }

    private async Task WithdrawConsentsAsync(SubjectRequest request, DateTimeOffset now, CancellationToken ct)
    {
        var (source, scan) = request.ConsentWithdrawalSource;
        foreach (var purpose in request.Purposes)
        {
            foreach (var consent in await consents.FindAllLiveAsync(request.ClientId, purpose, now, ct))
            {
                consent.Withdraw(now, source, scan, now);
            }
        }
    }

    private async Task<Guid> StoreArchiveAsync(SubjectRequest request, DateTimeOffset now, CancellationToken ct)
    {
        await using var zip = new MemoryStream();
        await archive.WriteAsync(request.ClientId, zip, ct);
        zip.Position = 0;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(zip, ct));
        zip.Position = 0;
        var day = requestClock.DayOf(now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var content = new StoredContent(
            $"personal-data-{day}-{request.Id:N}.zip",
            ContentSniffer.Zip,
            zip.Length,
            hash
        );
        var document = Document.Create(
            clock.NewId(),
            Organization.HeadOfficeId,
            DocumentKind.Other,
            content,
            new GeneratedFrom("subject_access_answer", 1, $"{{\"subjectRequestId\":\"{request.Id}\"}}"),
            actor.UserId,
            actor.UserId is null ? actor.ClientId : null,
            now
        );
        await DocumentWrites.StoreAsync(document, zip, documents, storage, unitOfWork, ct);
        return document.Id;
    }
}

/// <summary>A request as the API answers it, and the steps every command shares.</summary>
public static class SubjectRequestAnswers
{
    public static Contracts.SubjectRequest Of(SubjectRequest row, DateOnly today) =>
        new(
            row.Id,
            row.ClientId,
            row.OrganizationId,
            row.Kind,
            row.Channel,
            row.Details,
            row.Purposes,
            row.Status,
            row.ReceivedAt,
            row.DueOn,
            row.IsOpen && today > row.DueOn,
            row.VerificationMethod,
            row.VerifiedAt,
            row.VerificationDocumentId,
            row.ExtensionReason,
            row.ExtendedAt,
            row.Answer,
            row.AnswerDocumentId,
            row.AnsweredAt,
            row.RefusalReason,
            row.ClosedAt,
            row.CreatedAt,
            row.UpdatedAt,
            row.Version
        );

    public static Error NotFound(Guid id) => Error.NotFound("Subject request", id);

    /// <summary>The request to change, seen by the caller and at the version it names.</summary>
    internal static async Task<Result<SubjectRequest>> FindAsync(
        ISubjectRequestRepository repository,
        ICurrentActor actor,
        Guid id,
        VersionCheck ifMatch,
        CancellationToken cancellationToken
    )
    {
        if (await repository.FindAsync(id, SubjectRequestScope.Of(actor), cancellationToken) is not { } request)
        {
            return NotFound(id);
        }

        var precondition = ifMatch.Require(request.Version);
        return precondition.IsSuccess ? request : precondition.Error!;
    }

    /// <summary>Finds the request, takes one step of its life and answers it as it is after.</summary>
    internal static async Task<Result<Contracts.SubjectRequest>> StepAsync(
        ISubjectRequestRepository repository,
        ICurrentActor actor,
        (Guid Id, VersionCheck IfMatch) target,
        SubjectRequestClock requestClock,
        TimeProvider clock,
        Func<SubjectRequest, DateTimeOffset, Result<Unit>> step,
        CancellationToken cancellationToken
    )
    {
        var found = await FindAsync(repository, actor, target.Id, target.IfMatch, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var now = clock.UtcNowMicroseconds();
        var taken = step(found.Value, now);
        return taken.IsSuccess ? Of(found.Value, requestClock.DayOf(now)) : taken.Error!;
    }
}
