namespace MakCrm.Client;

/// <summary>
/// Hand-written conveniences over the generated import operation, whose multipart parameters NSwag makes all
/// optional: the file and the kind are required by the API.
/// </summary>
public static class MakCrmImports
{
    /// <summary>The media type of CSV uploads and downloads.</summary>
    public const string CsvContentType = "text/csv";

    /// <summary>The media type of XLSX workbooks.</summary>
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// Uploads a file of clients (<c>.csv</c> or <c>.xlsx</c>: the extension of <paramref name="fileName"/> decides how
    /// it is read) and answers the queued operation; poll <see cref="IMakCrmApiClient.GetImportAsync"/> for its outcome.
    /// </summary>
    /// <param name="api">The client.</param>
    /// <param name="content">The file's bytes.</param>
    /// <param name="fileName">The file's name, with its extension.</param>
    /// <param name="defaultSource">The client source code for rows without one.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public static Task<MakCrmApiResponse<ImportOperation>> StartClientImportAsync(
        this IMakCrmApiClient api, Stream content, string fileName, string? defaultSource = null, CancellationToken cancellationToken = default) =>
        api.StartImportAsync(file: File(content, fileName), kind: ImportKind.Clients, source: defaultSource, cancellationToken: cancellationToken);

    /// <summary>
    /// Uploads a file of leads — the columns of a lead export, or contact columns instead of <c>clientId</c> — and
    /// answers the queued operation; every row goes through duplicate control. Needs <c>leads.write</c> too.
    /// </summary>
    /// <param name="api">The client.</param>
    /// <param name="content">The file's bytes.</param>
    /// <param name="fileName">The file's name, with its extension (<c>.csv</c> or <c>.xlsx</c>).</param>
    /// <param name="defaultSource">The client source code for rows given by contact columns without one.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public static Task<MakCrmApiResponse<ImportOperation>> StartLeadImportAsync(
        this IMakCrmApiClient api, Stream content, string fileName, string? defaultSource = null, CancellationToken cancellationToken = default) =>
        api.StartImportAsync(file: File(content, fileName), kind: ImportKind.Leads, source: defaultSource, cancellationToken: cancellationToken);

    private static FileParameter File(Stream content, string fileName) =>
        new(content, fileName, fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? XlsxContentType : CsvContentType);

    /// <summary>Polls the operation until it has succeeded or failed, or <paramref name="timeout"/> has passed.</summary>
    /// <param name="api">The client.</param>
    /// <param name="id">The operation's id.</param>
    /// <param name="timeout">How long to wait at most; the operation is returned as it is then.</param>
    /// <param name="pollInterval">The pause between reads (default one second).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static async Task<ImportOperation> WaitForImportAsync(
        this IMakCrmApiClient api, Guid id, TimeSpan timeout, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var operation = (await api.GetImportAsync(id, cancellationToken)).Result;
            if (operation.Status is ImportStatus.Succeeded or ImportStatus.Failed || DateTimeOffset.UtcNow >= deadline)
            {
                return operation;
            }

            await Task.Delay(pollInterval ?? TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
