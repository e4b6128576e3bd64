using System.Text.Json;
using MakCrm.Application.Abstractions.Mail;
using MakCrm.Application.Common;
using MakCrm.Infrastructure.Persistence;

namespace MakCrm.Infrastructure.Mail;

/// <summary>
/// Adds the mail to the request's DbContext: the unit of work saves it with the change that caused it, so a rolled-back
/// command writes no mail; <see cref="MailSender"/> sends it once it has committed.
/// </summary>
internal sealed class MailOutbox(MakCrmDbContext db, TimeProvider clock) : IMailOutbox
{
    private static readonly JsonSerializerOptions ValueJson = new(JsonSerializerDefaults.Web);

    public void Add(MailDraft draft)
    {
        if (!MailTemplates.Exists(draft.Template))
        {
            throw new ArgumentException($"There is no mail template '{draft.Template}'.", nameof(draft));
        }

        var now = clock.UtcNowMicroseconds();
        db.Set<OutboxMail>()
            .Add(
                new OutboxMail
                {
                    Id = clock.NewId(),
                    ToAddress = draft.To,
                    Template = draft.Template,
                    Values = JsonSerializer.Serialize(draft.Values, ValueJson),
                    Status = OutboxMail.Pending,
                    NextAttemptAt = now,
                    CreatedAt = now,
                }
            );
    }
}
