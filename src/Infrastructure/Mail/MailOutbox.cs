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
    public void Add(MailDraft draft)
    {
        if (!MailTemplates.Exists(draft.Template))
        {
            throw new ArgumentException($"There is no mail template '{draft.Template}'.", nameof(draft));
        }

        OutboxMessages.Add(db, clock, OutboxMail.Email, draft.To, draft.Template, draft.Values);
    }
}

/// <summary>Adds the SMS to the request's DbContext, in the same outbox as mail and sent by the same sender.</summary>
internal sealed class SmsOutbox(MakCrmDbContext db, TimeProvider clock) : ISmsOutbox
{
    public void Add(SmsDraft draft)
    {
        if (!MailTemplates.SmsExists(draft.Template))
        {
            throw new ArgumentException($"There is no SMS template '{draft.Template}'.", nameof(draft));
        }

        OutboxMessages.Add(db, clock, OutboxMail.Sms, draft.To, draft.Template, draft.Values);
    }
}

internal static class OutboxMessages
{
    private static readonly JsonSerializerOptions ValueJson = new(JsonSerializerDefaults.Web);

    public static void Add(
        MakCrmDbContext db,
        TimeProvider clock,
        string channel,
        string to,
        string template,
        IReadOnlyDictionary<string, object?> values
    )
    {
        var now = clock.UtcNowMicroseconds();
        db.Set<OutboxMail>()
            .Add(
                new OutboxMail
                {
                    Id = clock.NewId(),
                    Channel = channel,
                    ToAddress = to,
                    Template = template,
                    Values = JsonSerializer.Serialize(values, ValueJson),
                    Status = OutboxMail.Pending,
                    NextAttemptAt = now,
                    CreatedAt = now,
                }
            );
    }
}
