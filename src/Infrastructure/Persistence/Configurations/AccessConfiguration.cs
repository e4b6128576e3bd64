using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

/// <summary>The roles of the specification, the default permission matrix and the first-party public clients.</summary>
internal sealed class AccessConfiguration
    : IEntityTypeConfiguration<MakRole>,
        IEntityTypeConfiguration<RolePermission>,
        IEntityTypeConfiguration<ApiClient>,
        IEntityTypeConfiguration<MakUser>
{
    public static readonly IReadOnlyDictionary<string, Guid> RoleIds = new Dictionary<string, Guid>
    {
        [Roles.Admin] = new("0192f0c1-0000-7000-8000-0000000000a1"),
        [Roles.Employee] = new("0192f0c1-0000-7000-8000-0000000000a2"),
        [Roles.Partner] = new("0192f0c1-0000-7000-8000-0000000000a3"),
        [Roles.Franchisee] = new("0192f0c1-0000-7000-8000-0000000000a4"),
        [Roles.Guest] = new("0192f0c1-0000-7000-8000-0000000000a5"),
    };

    public void Configure(EntityTypeBuilder<MakRole> builder) =>
        builder.HasData(
            RoleIds.Select(r => new MakRole
            {
                Id = r.Value,
                Name = r.Key,
                NormalizedName = r.Key.ToUpperInvariant(),
                ConcurrencyStamp = r.Value.ToString(),
                RequiresTwoFactor = r.Key is Roles.Admin or Roles.Employee,
            })
        );

    public void Configure(EntityTypeBuilder<RolePermission> builder)
    {
        builder.ToTable("role_permissions");
        builder.HasKey(p => new { p.RoleId, p.Permission });
        builder.Property(p => p.Permission).HasMaxLength(64);
        builder.HasOne<MakRole>().WithMany().HasForeignKey(p => p.RoleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasData(
            Roles.DefaultMatrix.SelectMany(role =>
                role.Value.Select(permission => new RolePermission
                {
                    RoleId = RoleIds[role.Key],
                    Permission = permission,
                })
            )
        );
    }

    public void Configure(EntityTypeBuilder<ApiClient> builder)
    {
        builder.ToTable("api_clients");
        builder.HasKey(c => c.ClientId);
        builder.Property(c => c.ClientId).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.SecretHash).HasMaxLength(200);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(c => c.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        var created = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        builder.HasData(
            new ApiClient
            {
                ClientId = FirstPartyClients.Cabinet,
                Name = "Partner and franchisee cabinets",
                CreatedAt = created,
            },
            new ApiClient
            {
                ClientId = FirstPartyClients.Swagger,
                Name = "Swagger UI",
                CreatedAt = created,
            }
        );
    }

    public void Configure(EntityTypeBuilder<MakUser> builder)
    {
        builder.Property(u => u.FullName).HasMaxLength(200);
        builder
            .Property(u => u.Visibility)
            .HasConversion(new SnakeCaseEnumConverter<UserVisibility>())
            .HasMaxLength(16);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(u => u.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(u => u.OrganizationId);

        // Counters that requests arriving together change (and the time of the last two-factor sign-in, written with
        // them): each is changed by one conditional UPDATE of its own
        // (MakUserManager, TwoFactorAuthentication), never by Identity's save of the whole user, which would write back
        // the value it read before the other requests changed it.
        foreach (
            var counter in new[]
            {
                nameof(MakUser.AccessFailedCount),
                nameof(MakUser.LockoutEnd),
                nameof(MakUser.TotpLastStep),
                nameof(MakUser.LastTwoFactorSignInAt),
            }
        )
        {
            builder.Property(counter).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        }
    }
}
