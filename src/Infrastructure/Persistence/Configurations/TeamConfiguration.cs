using MakCrm.Domain.Organizations;
using MakCrm.Domain.Teams;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.ToTable("teams");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Name).HasMaxLength(Team.MaxNameLength).IsRequired();
        builder.Property(e => e.MemberUserIds).HasColumnType("uuid[]").IsRequired();
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(e => e.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(e => e.DeletedAt == null);
        builder
            .HasIndex(e => new
            {
                e.OrganizationId,
                e.Name,
                e.Id,
            })
            .HasFilter("deleted_at IS NULL");

        // The standing check finds a user's teams by `member_user_ids @> ARRAY[user]`.
        builder.HasIndex(e => e.MemberUserIds).HasMethod("gin").HasFilter("deleted_at IS NULL");
    }
}
