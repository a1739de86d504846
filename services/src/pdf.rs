//! A minimal PDF writer for one-page documents of text and lines (the certificate). Uses the
//! standard Helvetica fonts, so no font files are embedded; text is WinAnsi (Latin-1) encoded.

/// One piece of text, centred horizontally on the page at height `y` (points from the bottom).
pub struct Line {
    pub text: String,
    pub size: f32,
    pub bold: bool,
    pub y: f32,
}

/// Approximate Helvetica advance widths (per 1000 units) for centring.
fn width(c: char, bold: bool) -> f32 {
    let w = match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 278.0,
        'f' | 't' | 'I' | ' ' | '/' | '(' | ')' | '[' | ']' | '-' => 300.0,
        'r' => 333.0,
        'm' | 'M' | 'W' => 833.0,
        'w' => 722.0,
        c if c.is_ascii_uppercase() => 690.0,
        c if c.is_ascii_digit() => 556.0,
        _ => 540.0,
    };
    if bold { w * 1.06 } else { w }
}

fn text_width(s: &str, size: f32, bold: bool) -> f32 {
    s.chars().map(|c| width(c, bold)).sum::<f32>() * size / 1000.0
}

/// Encodes text for a PDF string in WinAnsi: Latin-1 characters as bytes, others as '?',
/// with `(`, `)` and `\` escaped.
fn encode(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for c in s.chars() {
        let b = match c {
            '\u{2019}' | '\u{2018}' => b'\'',
            '\u{2013}' | '\u{2014}' => b'-',
            c if (c as u32) < 0x20 => b' ',
            c if (c as u32) < 0x100 => c as u32 as u8,
            _ => b'?',
        };
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out
}

/// A single landscape A4 page with a double border and centred lines of text.
pub fn one_page(title: &str, lines: &[Line]) -> Vec<u8> {
    let (w, h) = (842.0_f32, 595.0_f32);
    let mut content: Vec<u8> = Vec::new();
    content.extend_from_slice(b"0.11 0.36 0.49 RG 3 w 24 24 794 547 re S 1 w 34 34 774 527 re S\n");
    for l in lines {
        let font = if l.bold { "F2" } else { "F1" };
        let x = (w - text_width(&l.text, l.size, l.bold)) / 2.0;
        content.extend_from_slice(format!("BT /{font} {} Tf {:.1} {:.1} Td (", l.size, x.max(40.0), l.y).as_bytes());
        content.extend(encode(&l.text));
        content.extend_from_slice(b") Tj ET\n");
    }
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w} {h}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend(&content);
    stream.extend_from_slice(b"\nendstream");
    objects.push(stream);
    let mut info = b"<< /Title (".to_vec();
    info.extend(encode(title));
    info.extend_from_slice(b") /Producer (Tandem) >>");
    objects.push(info);

    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info {} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1,
            objects.len()
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_well_formed_pdf() {
        let pdf =
            one_page("Certificate", &[Line { text: "Zoë (Ellis) \\ done".into(), size: 20.0, bold: true, y: 300.0 }]);
        let s = String::from_utf8_lossy(&pdf);
        assert!(s.starts_with("%PDF-1.4"));
        assert!(s.trim_end().ends_with("%%EOF"));
        assert!(s.contains("\\(Ellis\\) \\\\ done"), "{s}");
        // ë is one WinAnsi byte.
        assert!(pdf.windows(3).any(|w| w == [b'Z', b'o', 0xEB]));
        // The xref offsets (byte positions) point at the objects.
        let find = |needle: &[u8]| pdf.windows(needle.len()).rposition(|w| w == needle).expect("present");
        let after = &pdf[find(b"startxref\n") + 10..];
        let xref_at: usize =
            String::from_utf8_lossy(after).lines().next().and_then(|n| n.parse().ok()).expect("startxref");
        assert!(pdf[xref_at..].starts_with(b"xref"));
        let table = String::from_utf8_lossy(&pdf[xref_at..]).into_owned();
        let first = table.lines().nth(3).expect("object 1 entry");
        let off: usize = first[..10].parse().expect("offset");
        assert!(pdf[off..].starts_with(b"1 0 obj"));
    }
}
