namespace MakCrm.Domain.Leads;

/// <summary>A note somebody wrote on a lead; part of the lead's timeline.</summary>
public sealed class LeadComment : AggregateRoot
{
    public const int MaxTextLength = 4000;

    private LeadComment() { }

    private LeadComment(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid LeadId { get; private set; }

    public Guid? AuthorUserId { get; private set; }

    public string? AuthorClientId { get; private set; }

    public string Text { get; private set; } = "";

    public static LeadComment Create(Guid id, Guid leadId, LeadActor author, string text, DateTimeOffset now) =>
        new(id, now)
        {
            LeadId = leadId,
            AuthorUserId = author.UserId,
            AuthorClientId = author.ClientId,
            Text = text.Trim(),
        };
}
