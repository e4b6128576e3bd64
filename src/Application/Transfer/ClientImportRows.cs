using System.Globalization;
using MakCrm.Application.Clients;
using MakCrm.Application.CustomFields;
using MakCrm.Domain.Clients;
using MakCrm.Domain.CustomFields;

namespace MakCrm.Application.Transfer;

/// <summary>One data row of an import, judged: the client to create, or why the row is rejected.</summary>
public sealed record ClientRowOutcome(Client? Client, string? Reason);

/// <summary>
/// Reads client rows by the header of the file (the columns of <see cref="ClientColumns"/>, in any order and any case;
/// others are ignored) and judges each with the rules of <c>POST /api/v1/clients</c>: the same validator, the same
/// value objects, an active source, the custom fields' rules (<see cref="CustomFieldColumns"/>). A row without a source
/// takes the import's default source.
/// </summary>
public sealed class ClientImportRows
{
    private readonly ImportHeader _header;
    private readonly CustomFieldColumns _customFields;
    private readonly CreateClientValidator _validator;
    private readonly IReadOnlySet<string> _activeSources;
    private readonly string? _defaultSource;
    private readonly Guid _organizationId;
    private readonly TimeProvider _clock;

    private ClientImportRows(
        ImportHeader header,
        CustomFieldColumns customFields,
        IReadOnlySet<string> activeSources,
        string? defaultSource,
        Guid organizationId,
        TimeProvider clock
    )
    {
        _header = header;
        _customFields = customFields;
        _validator = new CreateClientValidator(clock);
        _activeSources = activeSources;
        _defaultSource = defaultSource;
        _organizationId = organizationId;
        _clock = clock;
    }

    /// <summary>The reader for a file with this header, or why the file cannot be imported at all.</summary>
    public static (ClientImportRows? Rows, string? Problem) ForHeader(
        IReadOnlyList<string?> header,
        CustomFieldSchema fields,
        IReadOnlySet<string> activeSources,
        string? defaultSource,
        Guid organizationId,
        TimeProvider clock
    )
    {
        var index = new ImportHeader(header);
        string[] required = defaultSource is null
            ? [ClientColumns.FullName, ClientColumns.Phone, ClientColumns.Source]
            : [ClientColumns.FullName, ClientColumns.Phone];
        var missing = index.Missing(required);
        if (missing.Count > 0)
        {
            return (
                null,
                $"The header row lacks the column(s) {string.Join(", ", missing)}; the columns are: "
                    + $"{string.Join(", ", ClientColumns.Export)}."
            );
        }

        var (customFields, problem) = CustomFieldColumns.ForHeader(header, index, fields, CustomFieldEntity.Client);
        return customFields is null
            ? (null, problem)
            : (new ClientImportRows(index, customFields, activeSources, defaultSource, organizationId, clock), null);
    }

    public ClientRowOutcome Judge(IReadOnlyList<string?> cells)
    {
        var errors = new List<string>();
        var methodText = Cell(cells, ClientColumns.ProcessingMethod);
        ProcessingMethod? method = null;
        if (methodText is not null)
        {
            if (SnakeCaseNames<ProcessingMethod>.ParseAnyCase(methodText) is { } parsed)
            {
                method = parsed;
            }
            else
            {
                errors.Add(
                    $"processingMethod: is not one of {string.Join(", ", SnakeCaseNames<ProcessingMethod>.All)}"
                );
            }
        }

        var givenAt = Timestamp(cells, ClientColumns.ConsentGivenAt, errors);
        var withdrawnAt = Timestamp(cells, ClientColumns.ConsentWithdrawnAt, errors);
        var textVersion = Cell(cells, ClientColumns.ConsentTextVersion);
        var consent =
            givenAt is null && textVersion is null && withdrawnAt is null
                ? null
                : new ClientConsentInput(givenAt, textVersion, withdrawnAt);
        var tags = Cell(cells, ClientColumns.Tags)
            ?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var command = new CreateClientCommand(
            Cell(cells, ClientColumns.FullName) ?? "",
            Cell(cells, ClientColumns.Phone) ?? "",
            Cell(cells, ClientColumns.Email),
            Cell(cells, ClientColumns.City),
            Cell(cells, ClientColumns.Source) ?? _defaultSource ?? "",
            method,
            tags,
            consent
        );

        var validation = _validator.Validate(command);
        errors.AddRange(validation.Errors.Select(e => $"{ToColumn(e.PropertyName)}: {e.ErrorMessage}"));
        if (validation.IsValid && !_activeSources.Contains(command.Source))
        {
            errors.Add($"source: '{command.Source}' is not the code of an active client source");
        }

        var (values, reason) = _customFields.Read(cells);
        if (reason is not null)
        {
            errors.Add(reason);
        }

        if (errors.Count > 0)
        {
            return new ClientRowOutcome(null, string.Join("; ", errors));
        }

        var details = new ClientDetails(
            command.FullName,
            PhoneNumber.Parse(command.Phone),
            string.IsNullOrWhiteSpace(command.Email) ? null : EmailAddress.Parse(command.Email),
            command.City,
            command.Source,
            command.ProcessingMethod,
            command.Tags ?? [],
            consent?.ApplyTo(null).Value
        );
        var client = Client.Create(_clock.NewId(), _organizationId, details, _clock.UtcNowMicroseconds());
        client.SetCustomFields(values!, client.UpdatedAt);
        return new ClientRowOutcome(client, null);
    }

    private string? Cell(IReadOnlyList<string?> cells, string column) => _header.Cell(cells, column);

    private DateTimeOffset? Timestamp(IReadOnlyList<string?> cells, string column, List<string> errors)
    {
        var text = Cell(cells, column);
        if (text is null)
        {
            return null;
        }

        if (
            DateTimeOffset.TryParse(
                text.Trim(),
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var at
            )
        )
        {
            return at;
        }

        errors.Add($"{column}: must be an ISO 8601 timestamp, e.g. 2026-11-20T10:00:00Z");
        return null;
    }

    private static string ToColumn(string property) =>
        property switch
        {
            nameof(CreateClientCommand.FullName) => ClientColumns.FullName,
            nameof(CreateClientCommand.Phone) => ClientColumns.Phone,
            nameof(CreateClientCommand.Email) => ClientColumns.Email,
            nameof(CreateClientCommand.City) => ClientColumns.City,
            nameof(CreateClientCommand.Source) => ClientColumns.Source,
            nameof(CreateClientCommand.ProcessingMethod) => ClientColumns.ProcessingMethod,
            nameof(CreateClientCommand.Tags) => ClientColumns.Tags,
            "Consent.GivenAt" => ClientColumns.ConsentGivenAt,
            "Consent.TextVersion" => ClientColumns.ConsentTextVersion,
            "Consent.WithdrawnAt" => ClientColumns.ConsentWithdrawnAt,
            _ => property,
        };
}
