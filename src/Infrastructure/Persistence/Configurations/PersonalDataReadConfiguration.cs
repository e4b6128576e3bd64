using MakCrm.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class PersonalDataReadConfiguration : IEntityTypeConfiguration<PersonalDataRead>
{
    public void Configure(EntityTypeBuilder<PersonalDataRead> builder)
    {
        builder.ToTable("personal_data_reads");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.ActorClientId).HasMaxLength(64);
        builder.Property(e => e.SubjectType).HasMaxLength(16);
        builder.Property(e => e.Access).HasMaxLength(16);
        builder.Property(e => e.IpAddress).HasMaxLength(64);
        builder.Property(e => e.TraceId).HasMaxLength(32);
        builder.HasIndex(e => new { e.OccurredAt, e.Id });
        builder.HasIndex(e => new { e.SubjectId, e.OccurredAt });
        builder.HasIndex(e => new { e.ActorUserId, e.OccurredAt });
    }
}
