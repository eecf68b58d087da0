import { gzipSync } from 'node:zlib';

export interface TarFile {
	path: string;
	content: string | Buffer;
}

function header(path: string, size: number): Buffer {
	if (Buffer.byteLength(path) > 100) throw new Error(`tar path too long: ${path}`);
	const block = Buffer.alloc(512);
	const put = (text: string, offset: number, length: number) => block.write(text, offset, length, 'ascii');
	// numeric fields: zero-padded octal, the last byte left NUL
	const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0');
	block.write(path, 0, 100, 'utf8');
	put(octal(0o644, 8), 100, 8);
	put(octal(0, 8), 108, 8);
	put(octal(0, 8), 116, 8);
	put(octal(size, 12), 124, 12);
	put(octal(0, 12), 136, 12);
	put('        ', 148, 8);
	put('0', 156, 1);
	put('ustar\u000000', 257, 8);
	let checksum = 0;
	for (const byte of block) checksum += byte;
	put(`${checksum.toString(8).padStart(6, '0')}\0 `, 148, 8);
	return block;
}

/** A gzipped ustar archive of regular files, in the given order (enough for an n8n package). */
export function gzippedTar(files: readonly TarFile[]): Buffer {
	const blocks: Buffer[] = [];
	for (const file of files) {
		const content = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
		blocks.push(header(file.path, content.length), content, Buffer.alloc((512 - (content.length % 512)) % 512));
	}
	blocks.push(Buffer.alloc(1024));
	return gzipSync(Buffer.concat(blocks));
}
