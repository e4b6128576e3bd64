namespace MakCrm.Domain.Help;

/// <summary>
/// One message of a ticket: its author's text and attached documents. An internal note is support's own remark,
/// never shown to the customer. Messages are never changed; the ticket they belong to is the aggregate.
/// </summary>
public sealed class TicketMessage
{
    public const int MaxTextLength = 10_000;
    public const int MaxAttachments = 10;

    private TicketMessage() { }

    public Guid Id { get; private set; }

    public Guid TicketId { get; private set; }

    public Guid AuthorUserId { get; private set; }

    /// <summary>Whether support (head office) wrote it: what counts as the first response.</summary>
    public bool FromSupport { get; private set; }

    public bool Internal { get; private set; }

    public string Text { get; private set; } = "";

    public List<Guid> AttachmentIds { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    internal static TicketMessage Create(
        Guid id,
        Guid ticketId,
        Guid authorUserId,
        bool fromSupport,
        bool isInternal,
        string text,
        IReadOnlyList<Guid> attachmentIds,
        DateTimeOffset now
    ) =>
        new()
        {
            Id = id,
            TicketId = ticketId,
            AuthorUserId = authorUserId,
            FromSupport = fromSupport,
            Internal = isInternal,
            Text = text.Trim(),
            AttachmentIds = [.. attachmentIds.Distinct()],
            CreatedAt = now,
        };
}
