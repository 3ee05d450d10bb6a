//! The data part of an SPSS system file: the byte stream (hashed with SHA-256 as it is read
//! from disk, zlib blocks inflated for `.zsav`) and the 8-byte units of the cases, plain or
//! bytecode-compressed (GNU PSPP manual, "Data Record").

use std::fs::File;
use std::io::{self, BufReader, Read, Take};

use flate2::bufread::ZlibDecoder;
use sha2::{Digest, Sha256};

/// The file as read from disk: every byte passes through the hasher once.
pub(crate) struct HashRead {
    file: File,
    hasher: Sha256,
    pub(crate) bytes: u64,
}

impl HashRead {
    pub(crate) fn new(file: File) -> HashRead {
        HashRead {
            file,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    pub(crate) fn digest(self) -> String {
        crate::import::source::hex(&self.hasher.finalize())
    }
}

impl Read for HashRead {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

pub(crate) type Src = BufReader<HashRead>;

/// The data bytes after the dictionary: the rest of the file, or for `.zsav` the
/// concatenated zlib blocks inflated one after the other.
pub(crate) enum Body {
    Raw(Src),
    Zlib(ZlibBlocks),
}

impl Body {
    /// The file reader behind the data (to read the rest of the file and hash it).
    pub(crate) fn into_src(self) -> Option<Src> {
        match self {
            Body::Raw(s) => Some(s),
            Body::Zlib(z) => z.decoder.map(|d| d.into_inner().into_inner()),
        }
    }
}

impl Read for Body {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Body::Raw(s) => s.read(buf),
            Body::Zlib(z) => z.read(buf),
        }
    }
}

/// `.zsav` data: independent zlib streams, back to back, up to the trailer. Each decoder
/// consumes exactly its own stream from the buffered reader, so the next one starts at the
/// next block.
pub(crate) struct ZlibBlocks {
    /// `None` only while one block's decoder is replaced by the next one's.
    decoder: Option<ZlibDecoder<Take<Src>>>,
}

impl ZlibBlocks {
    pub(crate) fn new(src: Src, len: u64) -> ZlibBlocks {
        ZlibBlocks {
            decoder: Some(ZlibDecoder::new(src.take(len))),
        }
    }
}

fn lost() -> io::Error {
    io::Error::other("zlib reader lost after an earlier error")
}

impl Read for ZlibBlocks {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let decoder = self.decoder.as_mut().ok_or_else(lost)?;
            let n = decoder.read(buf)?;
            if n > 0 {
                return Ok(n);
            }
            // This block ended; another follows unless the compressed bytes are used up.
            let before = decoder.get_ref().limit();
            if before == 0 {
                return Ok(0);
            }
            let take = self.decoder.take().ok_or_else(lost)?.into_inner();
            let decoder = self.decoder.insert(ZlibDecoder::new(take));
            let n = decoder.read(buf)?;
            if n > 0 {
                return Ok(n);
            }
            // A block that yields nothing must at least consume its header, or this loop
            // would never end.
            if decoder.get_ref().limit() == before {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "zlib block without data",
                ));
            }
        }
    }
}

/// One 8-byte unit of a case as the file stores it.
pub(crate) enum Unit {
    Bytes([u8; 8]),
    /// Bytecode 1–251: the code minus the bias.
    Number(f64),
    /// Bytecode 254: eight spaces.
    Spaces,
    /// Bytecode 255: system-missing.
    SysMissing,
}

/// Reads units, uncompressed or bytecode-compressed.
pub(crate) struct Units {
    pub(crate) body: BufReader<Body>,
    /// `Some` under bytecode compression.
    bytecode: Option<Bytecode>,
}

struct Bytecode {
    bias: f64,
    codes: [u8; 8],
    next: usize,
    ended: bool,
}

impl Units {
    pub(crate) fn new(body: Body, compressed: bool, bias: f64) -> Units {
        Units {
            body: BufReader::with_capacity(1 << 16, body),
            bytecode: compressed.then_some(Bytecode {
                bias,
                codes: [0; 8],
                next: 8,
                ended: false,
            }),
        }
    }

    /// Fills `buf`; returns how many bytes were read (fewer only at the end of the data).
    fn fill(&mut self, buf: &mut [u8; 8]) -> io::Result<usize> {
        let mut got = 0;
        while got < 8 {
            match self.body.read(&mut buf[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(got)
    }

    /// The next unit; `Ok(None)` at the end of the data. A unit cut short is an error.
    pub(crate) fn next(&mut self) -> Result<Option<Unit>, String> {
        let short =
            |got: usize| format!("file ends inside a value ({got} of 8 bytes; truncated file?)");
        let io = |e: io::Error| match e.kind() {
            io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput => {
                format!("corrupted compressed data ({e})")
            }
            io::ErrorKind::UnexpectedEof => {
                format!("file ends inside compressed data ({e}; truncated file?)")
            }
            _ => e.to_string(),
        };
        let mut raw = [0u8; 8];
        let Some(mut bc) = self.bytecode.take() else {
            return match self.fill(&mut raw).map_err(io)? {
                0 => Ok(None),
                8 => Ok(Some(Unit::Bytes(raw))),
                got => Err(short(got)),
            };
        };
        let result = (|| loop {
            if bc.ended {
                return Ok(None);
            }
            if bc.next == 8 {
                match self.fill(&mut bc.codes).map_err(io)? {
                    0 => {
                        bc.ended = true;
                        return Ok(None);
                    }
                    8 => bc.next = 0,
                    got => return Err(short(got)),
                }
            }
            let code = bc.codes[bc.next];
            bc.next += 1;
            match code {
                0 => continue,
                252 => {
                    bc.ended = true;
                    return Ok(None);
                }
                253 => {
                    return match self.fill(&mut raw).map_err(io)? {
                        8 => Ok(Some(Unit::Bytes(raw))),
                        got => Err(short(got)),
                    }
                }
                254 => return Ok(Some(Unit::Spaces)),
                255 => return Ok(Some(Unit::SysMissing)),
                c => return Ok(Some(Unit::Number(f64::from(c) - bc.bias))),
            }
        })();
        self.bytecode = Some(bc);
        result
    }
}
