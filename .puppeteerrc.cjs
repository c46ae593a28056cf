// whatsapp-web.js pulls in puppeteer; we run Debian's Chromium, so never download a browser.
module.exports = { skipDownload: true };
