namespace MakCrm.Infrastructure.Imports;

/// <summary>A piece of an uploaded file, in order (<see cref="Sequence"/> from 0); the file is stored with its
/// operation.</summary>
public sealed class ImportFileChunk
{
    public Guid OperationId { get; set; }

    public int Sequence { get; set; }

    public byte[] Data { get; set; } = [];
}

public sealed class ImportRejectedRow
{
    public Guid OperationId { get; set; }

    public long RowNumber { get; set; }

    public string?[] Cells { get; set; } = [];

    public string Reason { get; set; } = "";
}
