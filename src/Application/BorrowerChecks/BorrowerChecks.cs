using System.Security.Cryptography;
using System.Text;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Application.Consents;
using MakCrm.Domain.Access;
using MakCrm.Domain.BorrowerChecks;
using MakCrm.Domain.Consents;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.BorrowerChecks;

/// <summary>
/// Whose checks a caller reads (<c>borrower_checks.read</c>): with <c>borrower_checks.read.all</c> (head office) every
/// organization's, otherwise those of the caller's organization's clients.
/// </summary>
public static class BorrowerCheckScope
{
    public static DataScope Of(ICurrentActor actor) => DataScope.For(actor, Permissions.BorrowerChecksReadAll);
}

public enum BorrowerCheckSortField
{
    RequestedAt,
}

public static class BorrowerCheckSorts
{
    public static SortCatalog<BorrowerCheckSortField, Contracts.BorrowerCheck> Catalog { get; } =
        new(
            "borrower_checks",
            "-requestedAt",
            ("requestedAt", BorrowerCheckSortField.RequestedAt, typeof(DateTimeOffset), d => d.RequestedAt)
        );
}

public sealed record BorrowerCheckListCriteria(
    Guid ClientId,
    BorrowerCheckKind? Kind,
    SortOption<BorrowerCheckSortField> Sort,
    KeysetPosition? After,
    int Take
);

/// <summary>How checks are run (configuration section <c>Mak:BorrowerChecks</c>).</summary>
public sealed class BorrowerCheckOptions
{
    public const string Section = "Mak:BorrowerChecks";

    /// <summary>A provider's answer to the same request is reused this long instead of asking again.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Off: this instance polls no pending checks (others on the same database still may).</summary>
    public bool PollingEnabled { get; set; } = true;

    /// <summary>How often the worker looks for pending checks, and how long a task not ready waits for its next
    /// poll.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A task still not ready this long after the check started ends it as unavailable (timeout).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>At most this many pending checks are polled in one transaction.</summary>
    public int PollBatchSize { get; set; } = 20;
}

/// <summary>The checks of a client, or of a lead's client.</summary>
public sealed record ListBorrowerChecksQuery(
    Guid? ClientId,
    Guid? LeadId,
    BorrowerCheckKind? Kind,
    string? Cursor,
    int? Limit
) : IQuery<Page<Contracts.BorrowerCheck>>;

public sealed record GetBorrowerCheckQuery(Guid Id) : IQuery<Contracts.BorrowerCheck>;

public sealed record RunBorrowerCheckCommand(
    Guid Id,
    BorrowerCheckKind Kind,
    string? FullName,
    DateOnly? BirthDate,
    string? Inn,
    string? Snils,
    string? Ogrn,
    int? Region
) : ICommand<Contracts.BorrowerCheck>;

internal sealed class ListBorrowerChecksValidator : AbstractValidator<ListBorrowerChecksQuery>
{
    public ListBorrowerChecksValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class RunBorrowerCheckValidator : AbstractValidator<RunBorrowerCheckCommand>
{
    private static readonly DateOnly Earliest = new(1900, 1, 1);

    public RunBorrowerCheckValidator(TimeProvider clock)
    {
        RuleFor(c => c.FullName).OptionalText(Domain.Clients.Client.MaxFullNameLength);
        RuleFor(c => c.Inn)
            .Must(inn => inn is null || Inn.IsValid(inn, LegalForm.Ip))
            .When(c => c.Kind != BorrowerCheckKind.CompanyRegistration)
            .WithMessage("Must be a person's ИНН: 12 digits whose check digits are right.");
        RuleFor(c => c.Inn)
            .Must(inn => inn is null || Inn.IsValid(inn, LegalForm.Ooo) || Inn.IsValid(inn, LegalForm.Ip))
            .When(c => c.Kind == BorrowerCheckKind.CompanyRegistration)
            .WithMessage("Must be an ИНН: 10 digits (a company) or 12 (an ИП) whose check digits are right.");
        RuleFor(c => c.Ogrn)
            .Must(ogrn => ogrn is null || Ogrn.IsValidOgrn(ogrn) || Ogrn.IsValidOgrnip(ogrn))
            .WithMessage("Must be an ОГРН (13 digits) or ОГРНИП (15 digits) whose check digit is right.");
        RuleFor(c => c.Snils)
            .Must(snils => snils is null || Snils.IsValid(snils))
            .WithMessage("Must be a СНИЛС: 11 digits (spaces and hyphens allowed) whose check number is right.");
        RuleFor(c => c.BirthDate)
            .Must(date => date is null || (date >= Earliest && date <= DateOnly.FromDateTime(clock.GetUtcNow().Date)))
            .WithMessage("Must be a date from 1900-01-01 to today.");
        RuleFor(c => c.Region).InclusiveBetween(1, PersonToCheck.MaxRegion);
    }
}

internal static class BorrowerCheckErrors
{
    public static Error NotFound(Guid id) => Error.NotFound("Borrower check", id);
}

internal sealed class ListBorrowerChecksHandler(
    IBorrowerCheckRepository repository,
    IClientRepository clients,
    ILeadRepository leads,
    ICurrentActor actor
) : IQueryHandler<ListBorrowerChecksQuery, Page<Contracts.BorrowerCheck>>
{
    public async Task<Result<Page<Contracts.BorrowerCheck>>> Handle(
        ListBorrowerChecksQuery query,
        CancellationToken cancellationToken
    )
    {
        var scope = BorrowerCheckScope.Of(actor);
        Guid clientId;
        if (query.LeadId is { } leadId)
        {
            var lead = await leads.FindAsync(leadId, scope, cancellationToken);
            if (lead is null)
            {
                return Error.NotFound("Lead", leadId);
            }

            clientId = lead.ClientId;
        }
        else
        {
            clientId = query.ClientId!.Value;
            if (await clients.FindAsync(clientId, scope, RowLock.None, cancellationToken) is null)
            {
                return Error.NotFound("Client", clientId);
            }
        }

        var paging = ListPaging.Prepare(BorrowerCheckSorts.Catalog, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var criteria = new BorrowerCheckListCriteria(clientId, query.Kind, sort, after, limit + 1);
        var rows = await repository.ListAsync(criteria, cancellationToken);
        var answers = rows.Select(BorrowerCheckAnswers.Of).ToList();
        return ListPaging.ToPage(BorrowerCheckSorts.Catalog, sort, answers, limit, d => d.Id);
    }
}

internal sealed class GetBorrowerCheckHandler(IBorrowerCheckRepository repository, ICurrentActor actor)
    : IQueryHandler<GetBorrowerCheckQuery, Contracts.BorrowerCheck>
{
    public async Task<Result<Contracts.BorrowerCheck>> Handle(
        GetBorrowerCheckQuery query,
        CancellationToken cancellationToken
    ) =>
        await repository.GetAsync(query.Id, BorrowerCheckScope.Of(actor), cancellationToken) is { } found
            ? BorrowerCheckAnswers.Of(found)
            : BorrowerCheckErrors.NotFound(query.Id);
}

/// <summary>
/// Runs a check: the client the caller sees, its live <c>borrower_checks</c> consent (the check's basis), the inputs
/// the provider needs (else <c>needs_input</c>, no provider asked), a recent answer to the same request reused, else
/// the provider's port. An asynchronous provider's check stays pending with its task for the poll worker.
/// </summary>
internal sealed class RunBorrowerCheckHandler(
    IBorrowerCheckRepository repository,
    IClientRepository clients,
    ConsentChecks consents,
    ISelfEmployedCheck selfEmployed,
    IEnforcementProceedingsCheck enforcement,
    ISanctionsCheck sanctions,
    ICompanyRegistrationCheck companies,
    BorrowerCheckOptions options,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<RunBorrowerCheckCommand, Contracts.BorrowerCheck>
{
    public async Task<Result<Contracts.BorrowerCheck>> Handle(
        RunBorrowerCheckCommand command,
        CancellationToken cancellationToken
    )
    {
        var client = await clients.FindAsync(command.Id, BorrowerCheckScope.Of(actor), RowLock.None, cancellationToken);
        if (client is null)
        {
            return Error.NotFound("Client", command.Id);
        }

        var consent = await consents.RequireAsync(client.Id, ConsentPurpose.BorrowerChecks, cancellationToken);
        if (!consent.IsSuccess)
        {
            return consent.Error!;
        }

        var now = clock.UtcNowMicroseconds();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var fullName = string.IsNullOrWhiteSpace(command.FullName) ? client.FullName : command.FullName.Trim();
        var snils = Snils.Digits(command.Snils);
        var request = new CheckRequest(
            client.OrganizationId,
            client.Id,
            command.Kind,
            consent.Value.Id,
            RequestHash(command, fullName, snils, today),
            actor.UserId
        );
        var check = BorrowerCheck.Start(clock.NewId(), request, now);
        repository.Add(check);

        var missing = Missing(command);
        if (missing.Length > 0)
        {
            check.Complete(CheckResult.NeedsInput(missing), now);
            return BorrowerCheckAnswers.Of(check);
        }

        if (
            command.Kind != BorrowerCheckKind.Sanctions
            && await repository.FindAnswerAsync(
                command.Kind,
                request.RequestHash,
                now - options.CacheFor,
                cancellationToken
            )
                is { Result: { } earlier }
        )
        {
            check.Complete(earlier, now, cached: true);
            return BorrowerCheckAnswers.Of(check);
        }

        switch (command.Kind)
        {
            case BorrowerCheckKind.SelfEmployed:
                check.Complete(await selfEmployed.CheckAsync(command.Inn!, today, cancellationToken), now);
                break;
            case BorrowerCheckKind.Sanctions:
                check.Complete(await sanctions.CheckAsync(fullName, command.BirthDate!.Value, cancellationToken), now);
                break;
            case BorrowerCheckKind.CompanyRegistration:
                var number = command.Ogrn ?? command.Inn!;
                check.Complete(await companies.CheckAsync(number, cancellationToken), now);
                break;
            default:
                var birthDate = command.BirthDate!.Value;
                var person = new PersonToCheck(fullName, birthDate, command.Inn, snils, command.Region!.Value);
                var submitted = await enforcement.SubmitAsync(person, cancellationToken);
                if (submitted.Task is { } task)
                {
                    check.AwaitTask(task, now + options.PollInterval);
                }
                else
                {
                    check.Complete(submitted.Refused!, now);
                }

                break;
        }

        return BorrowerCheckAnswers.Of(check);
    }

    /// <summary>What the kind's provider needs that the command does not give.</summary>
    private static string[] Missing(RunBorrowerCheckCommand command) =>
        command.Kind switch
        {
            BorrowerCheckKind.SelfEmployed when command.Inn is null => ["inn"],
            BorrowerCheckKind.CompanyRegistration when command.Inn is null && command.Ogrn is null => ["inn", "ogrn"],
            BorrowerCheckKind.EnforcementProceedings =>
            [
                .. command.BirthDate is null ? ["birthDate"] : Array.Empty<string>(),
                .. command.Region is null ? ["region"] : Array.Empty<string>(),
            ],
            BorrowerCheckKind.Sanctions when command.BirthDate is null => ["birthDate"],
            _ => [],
        };

    /// <summary>SHA-256 of what the provider is asked (ФНС answers for a day, so the day is part of it; the register
    /// is asked by the ОГРН when given, else the ИНН; ФССП searches one region).</summary>
    private static string RequestHash(RunBorrowerCheckCommand command, string fullName, string? snils, DateOnly today)
    {
        var person = $"{PersonNames.Normalize(fullName)}|{command.BirthDate:yyyy-MM-dd}|{command.Inn}|{snils}";
        var asked = command.Kind switch
        {
            BorrowerCheckKind.SelfEmployed => $"{command.Inn}|{today:yyyy-MM-dd}",
            BorrowerCheckKind.CompanyRegistration => command.Ogrn ?? command.Inn,
            BorrowerCheckKind.EnforcementProceedings => $"{person}|{command.Region}",
            _ => person,
        };
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{SnakeCaseNames.Of(command.Kind)}|{asked}"));
        return Convert.ToHexStringLower(bytes);
    }
}

/// <summary>A check as the API answers it.</summary>
public static class BorrowerCheckAnswers
{
    public static Contracts.BorrowerCheck Of(BorrowerCheck row) =>
        new(
            row.Id,
            row.ClientId,
            row.OrganizationId,
            row.Kind,
            row.Provider,
            row.Status,
            row.Outcome,
            row.Reason,
            row.Missing,
            row.Detail,
            [.. row.Matches.Select(m => new Contracts.SanctionsMatch(m.FullName, m.BirthDate, m.Score))],
            row.ListVersion,
            row.ConsentId,
            row.Cached,
            row.RequestedBy,
            row.RequestedAt,
            row.CompletedAt,
            row.CreatedAt,
            row.UpdatedAt,
            row.Version
        );
}
