// Forms marked data-confirm ask before they post (disabling an account, say): the browser's own
// confirmation dialog with the form's sentence. Without script the form's own confirm step stands.
(function () {
  var forms = document.querySelectorAll('form[data-confirm]');
  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener('submit', function (event) {
      if (!window.confirm(this.getAttribute('data-confirm'))) event.preventDefault();
    });
  }
})();
