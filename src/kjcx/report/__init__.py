"""The report (`kjcx report`): one content model, written as HTML, Word or Markdown, with its charts."""
