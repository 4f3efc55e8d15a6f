// Asks a question only while the answer it depends on is one of its values (the questionnaire's
// show_if); a hidden question is cleared so it is not sent.
(function () {
  const form = document.getElementById('campaign-form');
  if (!form) return;
  const questions = Array.from(form.querySelectorAll('.question[data-show-field]')).filter((q) => q.dataset.showField);
  function update() {
    for (const question of questions) {
      const source = form.elements[question.dataset.showField];
      // A condition on a number (at_least) is left to the server: the question stays shown.
      const wanted = question.dataset.showValues ? question.dataset.showValues.split('|') : null;
      const shown = !!source && !source.closest('.question[hidden]') && (!wanted || wanted.includes(source.value));
      question.hidden = !shown;
      if (!shown) for (const input of question.querySelectorAll('input, select')) input.value = '';
    }
  }
  form.addEventListener('change', update);
  update();
})();
