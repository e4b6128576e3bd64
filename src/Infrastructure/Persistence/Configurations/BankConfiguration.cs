using MakCrm.Domain.Banks;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class BankConfiguration : IEntityTypeConfiguration<Bank>
{
    /// <summary>The banks MaK works with most, so that loans can be recorded before head office edits the
    /// list.</summary>
    private static readonly (string Code, string Name)[] Seeded =
    [
        ("sberbank", "ПАО Сбербанк"),
        ("vtb", "Банк ВТБ (ПАО)"),
        ("alfabank", "АО «Альфа-Банк»"),
        ("gazprombank", "Газпромбанк (АО)"),
        ("tbank", "АО «ТБанк»"),
    ];

    public void Configure(EntityTypeBuilder<Bank> builder)
    {
        builder.ToTable("banks");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.HasAlternateKey(b => b.Code);
        builder.Property(b => b.Code).HasMaxLength(Bank.MaxCodeLength);
        builder.Property(b => b.Name).HasMaxLength(Bank.MaxNameLength).IsRequired();
        builder.Property(b => b.Version).IsConcurrencyToken();

        var seededAt = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        builder.HasData(
            Seeded.Select(
                (bank, index) =>
                    new
                    {
                        Id = new Guid($"0192f0c1-0000-7000-8000-0000000001b{index + 1}"),
                        bank.Code,
                        bank.Name,
                        Active = true,
                        CreatedAt = seededAt,
                        UpdatedAt = seededAt,
                        DeletedAt = (DateTimeOffset?)null,
                        Version = 1,
                    }
            )
        );
    }
}
