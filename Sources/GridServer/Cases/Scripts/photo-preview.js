// Report forms: thumbnails of the photos chosen in #photo, so the reporter sees what will be sent.
(function () {
  var input = document.getElementById('photo');
  var preview = document.getElementById('photo-preview');
  if (!input || !preview || !window.URL) return;
  input.addEventListener('change', function () {
    while (preview.firstChild) {
      URL.revokeObjectURL(preview.firstChild.src);
      preview.removeChild(preview.firstChild);
    }
    for (var i = 0; i < input.files.length && i < 9; i++) {
      var image = document.createElement('img');
      image.src = URL.createObjectURL(input.files[i]);
      image.alt = input.files[i].name;
      preview.appendChild(image);
    }
  });
})();
