using MakCrm.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class MailOutboxConfiguration : IEntityTypeConfiguration<OutboxMail>
{
    public void Configure(EntityTypeBuilder<OutboxMail> builder)
    {
        builder.ToTable(
            "mail_outbox",
            table =>
            {
                table.HasCheckConstraint(
                    "ck_mail_outbox_status",
                    $"status IN ('{OutboxMail.Pending}', '{OutboxMail.Sent}', '{OutboxMail.Failed}')"
                );
                table.HasCheckConstraint(
                    "ck_mail_outbox_channel",
                    $"channel IN ('{OutboxMail.Email}', '{OutboxMail.Sms}')"
                );
            }
        );
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Channel).HasMaxLength(8).HasDefaultValue(OutboxMail.Email);
        builder.Property(m => m.ToAddress).HasMaxLength(320);
        builder.Property(m => m.Template).HasMaxLength(64);
        builder.Property(m => m.Values).HasColumnType("jsonb");
        builder.Property(m => m.Status).HasMaxLength(16);
        builder.Property(m => m.LeaseOwner).HasMaxLength(200);
        builder.Property(m => m.LastError).HasMaxLength(2000);

        // The claim's scan: the pending mails in the order they fall due.
        builder
            .HasIndex(m => new { m.NextAttemptAt, m.Id })
            .HasFilter($"status = '{OutboxMail.Pending}'")
            .HasDatabaseName("ix_mail_outbox_due");
    }
}
