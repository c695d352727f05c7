using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace NodeStorageAgent.Logging;

/// <summary>
/// Encodes one entry of the native journal protocol (https://systemd.io/JOURNAL_NATIVE_PROTOCOL/): <c>NAME=value\n</c>
/// per field, or, when the value contains a newline, <c>NAME\n</c> + the value's length as a 64-bit little-endian
/// integer + the value's bytes + <c>\n</c>.
/// </summary>
public sealed class JournalEntryBuilder
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    public int Length => _buffer.WrittenCount;

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    /// <summary>Appends a field. <paramref name="name"/> must satisfy <see cref="JournalFieldName.IsValid"/>.</summary>
    public JournalEntryBuilder Add(string name, string value)
    {
        if (!JournalFieldName.IsValid(name))
        {
            throw new ArgumentException($"not a valid journal field name: '{name}'", nameof(name));
        }

        ArgumentNullException.ThrowIfNull(value);
        WriteAscii(name);
        var valueLength = Encoding.UTF8.GetByteCount(value);
        if (value.Contains('\n'))
        {
            _buffer.Write("\n"u8);
            BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(sizeof(ulong)), (ulong)valueLength);
            _buffer.Advance(sizeof(ulong));
        }
        else
        {
            _buffer.Write("="u8);
        }

        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(valueLength));
        _buffer.Advance(valueLength);
        _buffer.Write("\n"u8);
        return this;
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private void WriteAscii(string name)
    {
        var span = _buffer.GetSpan(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            span[i] = (byte)name[i];
        }

        _buffer.Advance(name.Length);
    }
}
