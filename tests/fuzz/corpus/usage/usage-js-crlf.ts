const x = process.env.CRLF;
	const y = process.env["TAB"];
// process.env.NO
