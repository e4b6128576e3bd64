using MakCrm.Domain.Clients;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class ClientSourceConfiguration : IEntityTypeConfiguration<ClientSource>
{
    /// <summary>The sources of the specification (2.1.1), which clients had as a fixed list before it became
    /// editable.</summary>
    private static readonly (string Code, string Name)[] Seeded =
    [
        ("partner", "Партнёр"),
        ("lead_generation", "Лидогенерация"),
        ("cold_base", "Холодная база"),
        ("external", "Внешний источник"),
        ("purchased_base", "Купленная база"),
    ];

    public void Configure(EntityTypeBuilder<ClientSource> builder)
    {
        builder.ToTable("client_sources");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasAlternateKey(s => s.Code);
        builder.Property(s => s.Code).HasMaxLength(ClientSource.MaxCodeLength);
        builder.Property(s => s.Name).HasMaxLength(ClientSource.MaxNameLength).IsRequired();
        builder
            .Property(s => s.DuplicatePolicy)
            .HasConversion(new SnakeCaseEnumConverter<DuplicatePolicy>())
            .HasMaxLength(16);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Ignore(s => s.Settings);

        var seededAt = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        builder.HasData(
            Seeded.Select(
                (source, index) =>
                    new
                    {
                        Id = new Guid($"0192f0c1-0000-7000-8000-0000000000d{index + 1}"),
                        source.Code,
                        source.Name,
                        Position = (index + 1) * 10,
                        Active = true,
                        DuplicatePolicy = DuplicatePolicy.Link,
                        CreatedAt = seededAt,
                        UpdatedAt = seededAt,
                        DeletedAt = (DateTimeOffset?)null,
                        Version = 1,
                    }
            )
        );
    }
}
