using System.Text;
using MakCrm.WebApi.Hosting;

namespace MakCrm.UnitTests.WebApi;

public sealed class ConsoleOutputTests
{
    [Fact]
    public void A_log_line_reaches_the_stream_in_one_write_as_soon_as_it_is_written()
    {
        var stream = new WriteCountingStream();
        using var writer = ConsoleOutput.LineSizedWriter(stream);
        var line = "{\"Message\":\"" + new string('é', 600) + "\"}" + Environment.NewLine;

        writer.Write(line);

        stream.Writes.Should().Be(1);
        Encoding.UTF8.GetString(stream.ToArray()).Should().Be(line);
    }

    [Fact]
    public void Each_line_is_written_out_on_its_own()
    {
        var stream = new WriteCountingStream();
        using var writer = ConsoleOutput.LineSizedWriter(stream);

        writer.Write("first\n");
        writer.Write("second\n");

        stream.Writes.Should().Be(2);
        Encoding.UTF8.GetString(stream.ToArray()).Should().Be("first\nsecond\n");
    }

    // Counts the writes that reach it; the bytes go to a MemoryStream of its own, so that no write is counted twice
    // through Stream's span-to-array fallback.
    private sealed class WriteCountingStream : Stream
    {
        private readonly MemoryStream _written = new();

        public int Writes { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written.Length;

        public override long Position { get => _written.Position; set => throw new NotSupportedException(); }

        public byte[] ToArray() => _written.ToArray();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            _written.Write(buffer);
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
