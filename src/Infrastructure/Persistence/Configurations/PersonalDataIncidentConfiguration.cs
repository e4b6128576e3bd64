using MakCrm.Domain.PersonalData;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class PersonalDataIncidentConfiguration : IEntityTypeConfiguration<PersonalDataIncident>
{
    public void Configure(EntityTypeBuilder<PersonalDataIncident> builder)
    {
        builder.ToTable("personal_data_incidents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Title).HasMaxLength(PersonalDataIncident.MaxTitleLength).IsRequired();
        builder.Property(e => e.Description).HasMaxLength(PersonalDataIncident.MaxTextLength).IsRequired();
        builder.Property(e => e.Assessment).HasMaxLength(PersonalDataIncident.MaxTextLength);
        builder.Property(e => e.DataKinds).HasColumnType("text[]").IsRequired();
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.Ignore(e => e.Findings);
        builder.Ignore(e => e.Notices);
        builder.Ignore(e => e.InitialNoticeDueAt);
        builder.Ignore(e => e.FollowUpDueAt);
        builder.Ignore(e => e.NoticeToRemindOf);
        // The reminder worker's claim: the incidents with a reminder left, by when it is due.
        builder
            .HasIndex(e => e.RemindAt)
            .HasFilter("remind_at IS NOT NULL AND deleted_at IS NULL")
            .IsCreatedConcurrently();
        builder.HasIndex(e => new { e.DetectedAt, e.Id });
        builder.HasIndex(e => new { e.CreatedAt, e.Id });
    }
}
