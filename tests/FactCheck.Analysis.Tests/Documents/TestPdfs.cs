using System.IO.Compression;
using System.Text;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace FactCheck.Tests.Pdfs;

/// <summary>PDFs built in code for the tests: real ones (PdfPig's writer) and hostile ones written byte by byte.</summary>
public static class TestPdfs
{
    /// <summary>A PDF with a text layer: one page per entry, each page's lines written top-down.</summary>
    public static byte[] WithText(string? title, params string[][] pages)
    {
        var builder = new PdfDocumentBuilder();
        if (title is not null) builder.DocumentInformation.Title = title;
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(595, 842);
            var y = 780.0;
            foreach (var line in lines)
            {
                if (line.Length > 0) page.AddText(line, 11, new PdfPoint(50, y), font);
                y -= line.Length > 0 ? 14 : 28;
            }
        }
        return builder.Build();
    }

    /// <summary>A page with drawing and no text: what a scan without OCR looks like to a text extractor.</summary>
    public static byte[] WithoutText()
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(595, 842);
        page.DrawRectangle(new PdfPoint(50, 50), 400, 600, 2, fill: true);
        return builder.Build();
    }

    /// <summary>A file whose objects are written as given ("N 0 obj … endobj" added around each).</summary>
    public static byte[] Raw(params byte[][] objects)
    {
        var output = new MemoryStream();
        output.Write("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"u8);
        for (var i = 0; i < objects.Length; i++)
        {
            output.Write(Encoding.ASCII.GetBytes($"{i + 1} 0 obj\n"));
            output.Write(objects[i]);
            output.Write("\nendobj\n"u8);
        }
        output.Write("trailer\n<< /Root 1 0 R >>\n%%EOF\n"u8);
        return output.ToArray();
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>A stream object: its dictionary entries and its (already encoded) data.</summary>
    public static byte[] Stream(string dictionaryEntries, byte[] data)
    {
        var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes($"<< {dictionaryEntries} /Length {data.Length} >>\nstream\n"));
        output.Write(data);
        output.Write("\nendstream"u8);
        return output.ToArray();
    }

    public static byte[] Deflate(byte[] data)
    {
        var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true)) zlib.Write(data);
        return output.ToArray();
    }

    /// <summary>Zeros, deflated: a few kilobytes that expand to <paramref name="megabytes"/> MB.</summary>
    public static byte[] DeflatedZeros(int megabytes)
    {
        var output = new MemoryStream();
        var chunk = new byte[1024 * 1024];
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
            for (var i = 0; i < megabytes; i++) zlib.Write(chunk);
        return output.ToArray();
    }

    /// <summary>A catalog, a page tree and a page whose content stream is deflated zeros: a decompression bomb.</summary>
    public static byte[] DecompressionBomb(int megabytes) => Raw(
        Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
        Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"),
        Stream("/Filter /FlateDecode", DeflatedZeros(megabytes)));

    /// <summary>An object nested <paramref name="depth"/> arrays deep, in the file itself or hidden in a deflated content stream.</summary>
    public static byte[] DeeplyNested(int depth, bool inStream)
    {
        var nested = new string('[', depth) + new string(']', depth);
        return inStream
            ? Raw(Ascii("<< /Type /Catalog /Pages 2 0 R >>"), Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
                Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"),
                Stream("/Filter /FlateDecode", Deflate(Ascii("BT " + nested + " TJ ET"))))
            : Raw(Ascii("<< /Type /Catalog /Pages 2 0 R /Bomb " + nested + " >>"));
    }
}
