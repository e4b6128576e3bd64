namespace MakCrm.Domain.Retention;

/// <summary>What a destruction destroyed.</summary>
public enum DestructionSubjectType
{
    Client,
    Organization,
}

/// <summary>One place a subject's data was kept and how many of its records there were destroyed or
/// anonymised.</summary>
public sealed record DestructionCopy(string Copy, int Records);

/// <summary>One subject a run destroyed, identified by its id only (its data is gone), with the organization that
/// kept it for head office (the processor the act names).</summary>
public sealed record DestroyedSubject(
    DestructionSubjectType SubjectType,
    Guid SubjectId,
    RetentionDataKind Reason,
    IReadOnlyList<string> Categories,
    IReadOnlyList<DestructionCopy> Copies,
    Guid? KeptBy
);

/// <summary>
/// One round of the destruction worker that destroyed something: its subjects, and the two documents that prove
/// it (Роскомнадзор order № 179): the act of destruction and the extract of the event log recording the
/// destruction.
/// </summary>
public sealed class DestructionRun : AggregateRoot
{
    private DestructionRun() { }

    private DestructionRun(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public List<DestroyedSubject> Subjects { get; private set; } = [];

    public Guid ActDocumentId { get; private set; }

    public Guid LogExtractDocumentId { get; private set; }

    public static DestructionRun Record(
        Guid id,
        IReadOnlyList<DestroyedSubject> subjects,
        Guid actDocumentId,
        Guid logExtractDocumentId,
        DateTimeOffset now
    ) =>
        new(id, now)
        {
            Subjects = [.. subjects],
            ActDocumentId = actDocumentId,
            LogExtractDocumentId = logExtractDocumentId,
        };
}
