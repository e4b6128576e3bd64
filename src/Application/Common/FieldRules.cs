using MakCrm.Domain.Clients;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Common;

/// <summary>The field rules that several requests share, so that one field is validated one way everywhere.</summary>
public static class FieldRules
{
    public static IRuleBuilderOptions<T, string?> ValidPhone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(p => PhoneNumber.TryParse(p, out _))
            .WithMessage(
                "Must be a phone number, e.g. +7 999 123-45-67 or 8 (999) 123-45-67; other countries start with + "
                    + "and the country code."
            );

    public static IRuleBuilderOptions<T, string?> ValidEmailOrEmpty<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(e => string.IsNullOrWhiteSpace(e) || EmailAddress.TryParse(e, out _))
            .WithMessage(
                $"Must be an e-mail address of at most {EmailAddress.MaxLength} characters, e.g. ivan@example.ru."
            );

    public static IRuleBuilderOptions<T, string?> RequiredText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.Must(t => !string.IsNullOrWhiteSpace(t))
            .WithMessage("Must not be empty.")
            .MaximumLength(maxLength)
            .WithMessage($"Must be at most {maxLength} characters.");

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.MaximumLength(maxLength).WithMessage($"Must be at most {maxLength} characters.");

    public static IRuleBuilderOptions<T, TEnum> Defined<T, TEnum>(this IRuleBuilder<T, TEnum> rule)
        where TEnum : struct, Enum =>
        rule.Must(v => Enum.IsDefined(v)).WithMessage("Is not one of the allowed values.");

    public static IRuleBuilderOptions<T, TEnum?> DefinedOrNull<T, TEnum>(this IRuleBuilder<T, TEnum?> rule)
        where TEnum : struct, Enum =>
        rule.Must(v => v is null || Enum.IsDefined(v.Value)).WithMessage("Is not one of the allowed values.");

    public static IRuleBuilderOptions<T, string?> ValidSourceCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(ClientSource.IsValidCode)
            .WithMessage(
                $"Must be 1 to {ClientSource.MaxCodeLength} characters of lower-case Latin letters, digits and _, "
                    + $"starting with a letter, e.g. tv_ads."
            );

    public static IRuleBuilderOptions<T, int?> ValidSourcePosition<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(0, ClientSource.MaxPosition)
            .WithMessage($"Must be between 0 and {ClientSource.MaxPosition}.");

    /// <summary>Tags as a client takes them: at most <see cref="ClientTags.MaxCount"/> different ones, none empty or
    /// too long.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ValidTags<T>(
        this IRuleBuilder<T, IReadOnlyList<string>?> rule
    ) =>
        rule.Must(tags => tags is null || tags.All(t => !string.IsNullOrWhiteSpace(t)))
            .WithMessage("Each tag must be a non-empty string.")
            .Must(tags =>
                tags is null || tags.All(t => t is null || ClientTags.Normalize(t).Length <= ClientTags.MaxLength)
            )
            .WithMessage($"Each tag must be at most {ClientTags.MaxLength} characters.")
            .Must(tags =>
                tags is null
                || tags.Where(t => !string.IsNullOrWhiteSpace(t))
                    .Select(ClientTags.Normalize)
                    .Distinct(StringComparer.Ordinal)
                    .Count() <= ClientTags.MaxCount
            )
            .WithMessage($"Must have at most {ClientTags.MaxCount} different tags.");

    public static IRuleBuilderOptions<T, decimal?> ValidAmount<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.Must(a => a is > 0m and <= Lead.MaxRequestedAmount && decimal.Round(a.Value, 2) == a.Value)
            .WithMessage(
                $"Must be more than 0 and at most {Lead.MaxRequestedAmount:0} roubles, with at most two fractional "
                    + $"digits."
            );

    /// <summary>A deal's expected close date: null, or a day from <see cref="Deal.MinExpectedCloseDate"/> to
    /// <see cref="Deal.MaxExpectedCloseDate"/>.</summary>
    public static IRuleBuilderOptions<T, DateOnly?> ValidExpectedCloseDate<T>(this IRuleBuilder<T, DateOnly?> rule) =>
        rule.Must(d => d is null || (d >= Deal.MinExpectedCloseDate && d <= Deal.MaxExpectedCloseDate))
            .WithMessage($"Must be a day from {Deal.MinExpectedCloseDate:yyyy-MM-dd} to "
                + $"{Deal.MaxExpectedCloseDate:yyyy-MM-dd}, or null.");

    public static IRuleBuilderOptions<T, string?> ValidSearch<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(PageLimits.MaxSearchLength)
            .WithMessage($"Must be at most {PageLimits.MaxSearchLength} characters.");

    public static IRuleBuilderOptions<T, int?> ValidLimit<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(1, PageLimits.Max).WithMessage($"Must be between 1 and {PageLimits.Max}.");

    public static IRuleBuilderOptions<T, string?> ValidSort<T, TField, TRow>(
        this IRuleBuilder<T, string?> rule,
        SortCatalog<TField, TRow> catalog
    )
        where TField : struct, Enum => rule.Must(catalog.IsValid).WithMessage($"Must be one of: {catalog.Allowed}.");

    /// <summary>A list sorts by one thing: <c>cfSort</c> (a custom field) is refused beside <c>sort</c>.</summary>
    public static IRuleBuilderOptions<T, string?> AloneOrWithout<T>(
        this IRuleBuilder<T, string?> rule,
        Func<T, string?> sort
    ) =>
        rule.Must((query, cfSort) => cfSort is null || sort(query) is null)
            .WithMessage("Give sort or cfSort, not both.");
}
