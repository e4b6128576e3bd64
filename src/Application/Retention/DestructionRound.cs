using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Documents.Generation;
using MakCrm.Domain.Documents;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Retention;

namespace MakCrm.Application.Retention;

/// <summary>One subject as the act of destruction lists it.</summary>
public sealed record DestructionActSubject(
    int Position,
    string Subject,
    string Categories,
    string Reason,
    string Processor
);

/// <summary>
/// The act of destruction of personal data (Роскомнадзор order № 179 of 28.10.2022, for processing by
/// automated means): the operator with its address, the subjects (by their identifiers, their data being destroyed)
/// with the categories destroyed, the reason and the processor that kept them, the information system, the way the
/// data was destroyed, the date, and the place for the signature of the person responsible.
/// </summary>
public sealed record DestructionActDocumentModel(
    string Number,
    DateOnly Date,
    PartyRequisites Operator,
    string System,
    string Method,
    string DestroyedAt,
    IReadOnlyList<DestructionActSubject> Subjects
) : IDocumentModel
{
    public const string TemplateName = "destruction_act";

    /// <summary>Acts of destruction: УД-2026-000001, in head office's series.</summary>
    public const string Series = "УД";

    public string Template => TemplateName;
}

/// <summary>One line of the event log's extract.</summary>
public sealed record DestructionLogExtractLine(
    string OccurredAt,
    string Subject,
    string Categories,
    string Reason,
    string Action
);

/// <summary>
/// The extract of the event log that records a destruction (Роскомнадзор order № 179): for each destroyed
/// subject the identifier, the categories destroyed, the information system, the reason and the date, read back
/// from the audit log the destruction wrote.
/// </summary>
public sealed record DestructionLogExtractDocumentModel(
    string ActNumber,
    DateOnly Date,
    string Operator,
    string System,
    IReadOnlyList<DestructionLogExtractLine> Lines
) : IDocumentModel
{
    public const string TemplateName = "destruction_log_extract";

    public string Template => TemplateName;
}

/// <summary>
/// One round of destruction, in one transaction: the subjects due under the rules are claimed (so no other instance
/// takes them), destroyed in every copy, the destruction recorded in the event log, and the act and the log's extract
/// generated and stored with the run. A failure rolls everything back, the documents' bytes included; the subjects
/// stay due for the next round.
/// </summary>
public sealed class DestructionRound(
    IRetentionRepository repository,
    IPersonalDataDestruction destruction,
    IDocumentGeneration generation,
    IOrganizationRepository organizations,
    IUnitOfWork unitOfWork,
    TimeProvider clock
)
{
    /// <summary>The information system the documents name.</summary>
    public const string System =
        "MaK CRM: база данных PostgreSQL, хранилище документов (S3), "
        + "журналы событий, аудита и чтений персональных данных";

    public const string Method =
        "Автоматизированное уничтожение: удаление и обезличивание "
        + "записей базы данных, удаление файлов из хранилища "
        + "документов, стирание значений в журнале аудита, "
        + "ленте событий, сохранённых ответах и доставках "
        + "вебхуков, очереди писем и журнале чтений";

    /// <summary>The processor column of a subject no processor kept data of.</summary>
    private const string NotEntrusted = "Обработка не поручалась";

    private static readonly Dictionary<RetentionDataKind, string> Reasons = new()
    {
        [RetentionDataKind.LeadWithoutDeal] =
            "Истёк срок хранения заявки, "
            + "не ставшей сделкой (цель не достигнута)",
        [RetentionDataKind.WithdrawnConsent] =
            "Отзыв согласия на обработку "
            + "персональных данных (ст. 21 ч. 5 152-ФЗ)",
        [RetentionDataKind.RejectedRegistration] =
            "Истёк срок хранения отклонённой заявки на регистрацию",
    };

    /// <returns>How many subjects were destroyed; 0 when nothing is due.</returns>
    public async Task<int> RunAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        var rules = await repository.ListRulesAsync(cancellationToken);
        var now = clock.UtcNowMicroseconds();
        var due = await destruction.ListDueAsync(rules, now, batchSize, claim: true, cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var runId = clock.NewId();
        var destroyed = new List<DestroyedSubject>(due.Count);
        foreach (var subject in due)
        {
            destroyed.Add(await destruction.DestroyAsync(subject, runId, cancellationToken));
        }

        await Require(unitOfWork.SaveChangesAsync(cancellationToken));
        var headOffice =
            await organizations.FindAsync(Organization.HeadOfficeId, cancellationToken)
            ?? throw new InvalidOperationException("Head office's organization is missing.");
        var processors = await ProcessorsAsync(destroyed, cancellationToken);
        var actNumber = "";
        var act = await Require(
            generation.GenerateAndStoreAsync(
                new DocumentGenerationRequest(
                    headOffice.Id,
                    DocumentKind.Act,
                    Contracts.DocumentFileFormat.Pdf,
                    new DocumentNumbering(headOffice.Id, DestructionActDocumentModel.Series),
                    issue => new DestructionActDocumentModel(
                        actNumber = issue.Number!,
                        issue.Date,
                        PartyRequisites.From(headOffice.Profile),
                        System,
                        Method,
                        Moscow(now),
                        [
                            .. destroyed.Select(
                                (s, i) =>
                                    new DestructionActSubject(
                                        i + 1,
                                        SubjectName(s.SubjectType, s.SubjectId),
                                        string.Join(", ", s.Categories),
                                        Reasons[s.Reason],
                                        processors.GetValueOrDefault(s.SubjectId, NotEntrusted)
                                    )
                            ),
                        ]
                    )
                ),
                cancellationToken
            )
        );
        var lines = await destruction.LogExtractAsync(runId, cancellationToken);
        var extract = await Require(
            generation.GenerateAndStoreAsync(
                new DocumentGenerationRequest(
                    headOffice.Id,
                    DocumentKind.Other,
                    Contracts.DocumentFileFormat.Pdf,
                    null,
                    issue => new DestructionLogExtractDocumentModel(
                        actNumber,
                        issue.Date,
                        headOffice.Profile.LegalName ?? headOffice.Name,
                        System,
                        [
                            .. lines.Select(l => new DestructionLogExtractLine(
                                Moscow(l.OccurredAt),
                                SubjectName(SnakeCaseNames<DestructionSubjectType>.Stored(l.SubjectType), l.SubjectId),
                                string.Join(", ", l.Categories),
                                SnakeCaseNames<RetentionDataKind>.Parse(l.Reason) is { } kind
                                    ? Reasons[kind]
                                    : l.Reason,
                                l.Action
                            )),
                        ]
                    )
                ),
                cancellationToken
            )
        );
        repository.Add(DestructionRun.Record(runId, destroyed, act.Id, extract.Id, now));
        await Require(unitOfWork.SaveChangesAsync(cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return destroyed.Count;
    }

    private static string SubjectName(DestructionSubjectType type, Guid id) =>
        type == DestructionSubjectType.Client
            ? $"Клиент {id}"
            : $"Организация (заявитель) {id}";

    private static string Moscow(DateTimeOffset at) =>
        DocumentDates.InBooks(at).ToString("dd.MM.yyyy HH:mm") + " МСК";

    private async Task<Dictionary<Guid, string>> ProcessorsAsync(
        IReadOnlyList<DestroyedSubject> destroyed,
        CancellationToken cancellationToken
    )
    {
        var names = new Dictionary<Guid, string>();
        var processors = new Dictionary<Guid, string>();
        foreach (var subject in destroyed)
        {
            if (subject.KeptBy is not { } keeper || keeper == Organization.HeadOfficeId)
            {
                continue;
            }

            if (!names.TryGetValue(keeper, out var name))
            {
                var organization = await organizations.FindAsync(keeper, cancellationToken);
                name = organization is null ? keeper.ToString() : organization.Profile.LegalName ?? organization.Name;
                names[keeper] = name;
            }

            processors[subject.SubjectId] = name;
        }

        return processors;
    }

    private static async Task<T> Require<T>(Task<Result<T>> step) =>
        await step is { IsSuccess: true } done
            ? done.Value
            : throw new InvalidOperationException($"A destruction round failed: {(await step).Error!.Message}");
}
