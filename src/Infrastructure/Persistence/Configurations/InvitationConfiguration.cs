using MakCrm.Domain.Invitations;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.ToTable(
            "invitations",
            table =>
                table.HasCheckConstraint(
                    "ck_invitations_status",
                    $"status IN ({EnumLiterals.List(InvitationStatus.Pending, InvitationStatus.Accepted,
                InvitationStatus.Revoked)})"
                )
        );
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Email).HasMaxLength(256);
        builder.Property(i => i.FullName).HasMaxLength(200);
        builder.Property(i => i.Role).HasMaxLength(64);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.Property(i => i.Status).HasConversion(new SnakeCaseEnumConverter<InvitationStatus>()).HasMaxLength(16);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasQueryFilter(i => i.DeletedAt == null);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(i => i.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(i => i.InvitedByUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MakUser>().WithMany().HasForeignKey(i => i.AcceptedUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => new { i.OrganizationId, i.Email });
        builder.HasIndex(i => new { i.CreatedAt, i.Id });
        builder.HasIndex(i => new
        {
            i.OrganizationId,
            i.CreatedAt,
            i.Id,
        });
    }
}
