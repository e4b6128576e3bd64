using MakCrm.Domain.Clients;
using MakCrm.Domain.Documents;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.SubjectRequests;
using MakCrm.Infrastructure.Persistence.RawSql;
using MakCrm.Infrastructure.SubjectRequests;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class SubjectRequestConfiguration : IEntityTypeConfiguration<SubjectRequest>
{
    public void Configure(EntityTypeBuilder<SubjectRequest> builder)
    {
        builder.ToTable("subject_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Kind).HasConversion(new SnakeCaseEnumConverter<SubjectRequestKind>()).HasMaxLength(30);
        builder
            .Property(r => r.Channel)
            .HasConversion(new SnakeCaseEnumConverter<SubjectRequestChannel>())
            .HasMaxLength(20);
        builder
            .Property(r => r.Status)
            .HasConversion(new SnakeCaseEnumConverter<SubjectRequestStatus>())
            .HasMaxLength(20);
        builder
            .Property(r => r.VerificationMethod)
            .HasConversion(new SnakeCaseEnumConverter<SubjectVerificationMethod>())
            .HasMaxLength(20);
        builder.Property(r => r.Details).HasMaxLength(SubjectRequest.MaxTextLength);
        builder.Property(r => r.Purposes).IsSnakeCaseEnumArray();
        builder.Property(r => r.Answer).HasMaxLength(SubjectRequest.MaxTextLength);
        builder.Property(r => r.ExtensionReason).HasMaxLength(SubjectRequest.MaxReasonLength);
        builder.Property(r => r.RefusalReason).HasMaxLength(SubjectRequest.MaxReasonLength);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Ignore(r => r.IsOpen);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(r => r.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Client>().WithMany().HasForeignKey(r => r.ClientId).OnDelete(DeleteBehavior.Restrict);
        builder
            .HasOne<Document>()
            .WithMany()
            .HasForeignKey(r => r.VerificationDocumentId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Document>().WithMany().HasForeignKey(r => r.AnswerDocumentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.ReceivedAt, r.Id });
        builder.HasIndex(r => new { r.DueOn, r.Id });
        builder.HasIndex(r => new
        {
            r.OrganizationId,
            r.ReceivedAt,
            r.Id,
        });
        builder.HasIndex(r => r.ClientId);
        // The reminder worker's claim: open requests whose reminder is due and not sent.
        builder
            .HasIndex(r => r.RemindAt)
            .HasFilter($"reminder_sent_at IS NULL AND status IN ({SubjectRequestReminders.OpenStatuses})");
    }
}

internal sealed class SubjectRequestChallengeConfiguration : IEntityTypeConfiguration<SubjectRequestChallenge>
{
    public void Configure(EntityTypeBuilder<SubjectRequestChallenge> builder)
    {
        builder.ToTable("subject_request_codes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.CodeHash).HasMaxLength(64).IsRequired();
        builder.Property(c => c.SentTo).HasMaxLength(320).IsRequired();
        builder.HasOne<SubjectRequest>().WithMany().HasForeignKey(c => c.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.RequestId, c.ExpiresAt });
    }
}
